#!/bin/bash
# Top-pose RMSD of imatinib docked from SMILES into 1iep, per preparation seed and strategy (DOCKING_SCIENCE.md table).
# usage: [CPU=2] bench/imatinib-seeds.sh OUT_DIR "8 32" "dockstring lowest-energy" "1 2 3 4 5"
# (a seed whose prepared PDBQT is byte-identical to another seed's reuses that Vina run: Vina is deterministic)
# (--cpu does not change Vina's result for a fixed seed, RESULTS.md; CPU=1 lets several runs share the cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
data=${SHARED_DATA_DIR:-$here/../../../shared/data}/vina-1iep
out=$1; exhaustiveness=${2:-"8 32"}; strategies=${3:-"dockstring lowest-energy"}; seeds=${4:-"1 2 3 4 5"}
smiles='Cc1ccc(NC(=O)c2ccc(CN3CC[NH+](C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1'
mkdir -p "$out"
for ex in $exhaustiveness; do for strategy in $strategies; do for seed in $seeds; do
  dir=$out/$strategy-seed$seed; mkdir -p "$dir"
  if [ ! -f "$dir/ligand.pdbqt" ]; then
    echo "{\"command\":\"prepare\",\"name\":\"imatinib\",\"outDir\":\"$dir\",\"seed\":$seed,\"numConformers\":10,\"strategy\":\"$strategy\",\"smiles\":\"$smiles\"}" \
      | /usr/bin/python3 "$here/python/mad_chem.py" > "$dir/prepare.json"
  fi
  start=$(date +%s.%N)
  # Vina is deterministic for an identical input and seed: a preparation seed that gives a byte-identical PDBQT
  # (several seeds reach the same lowest-energy conformer) reuses that run instead of burning CPU on a copy.
  twin=$(for other in "$out"/"$strategy"-seed*/ligand.pdbqt; do
    [ "$other" != "$dir/ligand.pdbqt" ] && [ -s "$(dirname "$other")/out_ex$ex.pdbqt" ] && cmp -s "$other" "$dir/ligand.pdbqt" && echo "$(dirname "$other")" && break
  done; true)
  if [ -n "$twin" ] && [ ! -s "$dir/out_ex$ex.pdbqt" ]; then
    cp "$twin/out_ex$ex.pdbqt" "$dir/out_ex$ex.pdbqt"; echo "same ligand.pdbqt as $twin: run reused" > "$dir/vina_ex$ex.log"
  else
    vina --receptor "$data/1iep_receptor.pdbqt" --ligand "$dir/ligand.pdbqt" --config "$data/1iep_receptor.box.txt" \
      --exhaustiveness "$ex" --seed 42 --cpu "${CPU:-2}" --out "$dir/out_ex$ex.pdbqt" > "$dir/vina_ex$ex.log" 2>&1
  fi
  end=$(date +%s.%N)
  top=$(grep -m1 'REMARK VINA RESULT' "$dir/out_ex$ex.pdbqt" | awk '{print $4}')
  rmsd=$(obrms -f "$data/1iep_ligand.sdf" "$dir/out_ex$ex.pdbqt" 2>/dev/null | head -1 | awk '{print $NF}')
  printf '%s\t%s\t%s\t%s\t%s\t%.1f\n' "$ex" "$strategy" "$seed" "$top" "$rmsd" "$(echo "$end - $start" | bc)" | tee -a "$out/results.tsv"
done; done; done
