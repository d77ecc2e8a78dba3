// Heavy atoms from a SMILES string without a chemistry toolkit: every bracket atom except hydrogen isotopes, and
// every organic-subset symbol outside brackets. Enough for ligand efficiency in a results table.
const ORGANIC = /Cl|Br|[BCNOPSFI]|[bcnops]/g;

export function heavyAtomsFromSmiles(smiles: string): number {
  let count = 0;
  const outside = smiles.replace(/\[([^\]]*)\]/g, (_match, inner: string) => {
    if (!/^\d*H[^a-z]*$/.test(inner) || /^\d*H[ef]/.test(inner)) count += 1;
    return ' ';
  });
  // Ring-bond and charge digits never match the organic subset; '%12' ring labels neither.
  count += (outside.match(ORGANIC) ?? []).length;
  return count;
}
