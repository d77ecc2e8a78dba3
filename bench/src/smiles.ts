// A large, valid and distinct SMILES library for the data-scale benchmark: disubstituted benzenes with an alkyl
// ether tail, 40 × 40 × 64 = 102,400 different molecules (what the platform stores and validates, not what docks well).
const SUBSTITUENTS = [
  'C',
  'CC',
  'CCC',
  'C(C)C',
  'O',
  'OC',
  'OCC',
  'N',
  'NC',
  'N(C)C',
  'F',
  'Cl',
  'Br',
  'I',
  'C#N',
  'C(=O)O',
  'C(=O)OC',
  'C(=O)N',
  'C(F)(F)F',
  'OC(F)(F)F',
  'S(=O)(=O)N',
  'S(=O)(=O)C',
  'SC',
  'C=O',
  'C(C)=O',
  'NC(C)=O',
  'NS(=O)(=O)C',
  'C2CC2',
  'C2CCCC2',
  'C2CCCCC2',
  'c2ccccc2',
  'c2ccncc2',
  'N2CCOCC2',
  'N2CCNCC2',
  'N2CCCC2',
  'OCO',
  'CO',
  'CN',
  'C=C',
  'C#C',
] as const;
const TAIL_LENGTHS = 64;
export const LIBRARY_SIZE = SUBSTITUENTS.length * SUBSTITUENTS.length * TAIL_LENGTHS;

export function librarySmiles(index: number): string {
  if (index < 0 || index >= LIBRARY_SIZE) throw new Error(`library index ${index} outside 0..${LIBRARY_SIZE - 1}`);
  const n = SUBSTITUENTS.length;
  const first = SUBSTITUENTS[index % n] as string;
  const second = SUBSTITUENTS[Math.floor(index / n) % n] as string;
  const tail = 'C'.repeat(Math.floor(index / (n * n)) + 1);
  return `c1(${first})ccc(O${tail})c(${second})c1`;
}

export function library(count: number): { smiles: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ smiles: librarySmiles(i), name: `lib-${i + 1}` }));
}
