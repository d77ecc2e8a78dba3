#!/bin/bash
# Wall time of one batch of Vina dockings on this machine in three arrangements (DOCKING_SCIENCE.md, "Slots"):
#   sequential: one process at a time with --cpu $(nproc); parallel: $(nproc) single-CPU processes side by side;
#   batch: one `vina --batch` process with --cpu $(nproc) (receptor grid computed once).
# usage: bench/vina-slots.sh OUT_DIR ligand1.pdbqt ligand2.pdbqt ...   (receptor/box: 1iep, exhaustiveness 8, seed 42)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${SHARED_DATA_DIR:-$here/../../../shared/data}/vina-1iep
out=$1; shift
cores=$(nproc)
common=(--receptor "$data/1iep_receptor.pdbqt" --config "$data/1iep_receptor.box.txt" --exhaustiveness 8 --seed 42)
mkdir -p "$out"/{sequential,parallel,batch}
now() { date +%s.%N; }

start=$(now)
for lig in "$@"; do vina "${common[@]}" --ligand "$lig" --cpu "$cores" --out "$out/sequential/$(basename "$lig" .pdbqt)_$RANDOM.pdbqt" > /dev/null; done
sequential=$(echo "$(now) - $start" | bc)

start=$(now)
printf '%s\n' "$@" | xargs -P "$cores" -I{} sh -c 'vina "$@" --ligand {} --cpu 1 --out "'"$out"'/parallel/$(basename {} .pdbqt)_$$.pdbqt" > /dev/null' _ "${common[@]}"
parallel=$(echo "$(now) - $start" | bc)

start=$(now)
vina "${common[@]}" --batch "$@" --cpu "$cores" --dir "$out/batch" > /dev/null
batch=$(echo "$(now) - $start" | bc)

printf 'ligands=%s cores=%s sequential_s=%.1f parallel_s=%.1f batch_s=%.1f\n' "$#" "$cores" "$sequential" "$parallel" "$batch" | tee -a "$out/results.txt"
