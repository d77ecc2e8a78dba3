#!/bin/bash
# Re-reads every run of bench/imatinib-seeds.sh from its output files: exhaustiveness, strategy, seed, top affinity,
# obrms top-pose RMSD to the crystal ligand. usage: bench/collect.sh OUT_DIR
here=$(cd "$(dirname "$0")/.." && pwd)
data=${SHARED_DATA_DIR:-$here/../../../shared/data}/vina-1iep
for out in "$1"/*/out_ex*.pdbqt; do
  dir=$(dirname "$out"); run=$(basename "$dir"); ex=$(basename "$out" .pdbqt); ex=${ex#out_ex}
  grep -q 'REMARK VINA RESULT' "$out" 2>/dev/null || continue
  top=$(grep -m1 'REMARK VINA RESULT' "$out" | awk '{print $4}')
  rmsd=$(obrms -f "$data/1iep_ligand.sdf" "$out" 2>/dev/null | head -1 | awk '{print $NF}')
  printf '%s\t%s\t%s\t%s\t%.2f\n' "$ex" "${run%-seed*}" "${run##*-seed}" "$top" "$rmsd"
done | sort -k1,1n -k2,2 -k3,3n
