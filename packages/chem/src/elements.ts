// Element symbols by atomic number, and Hill-order formulas (C, H, then alphabetical; alphabetical without carbon).
const SYMBOLS = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo ' +
  'Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl ' +
  'Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

export function elementSymbol(atomicNumber: number): string {
  return atomicNumber === 0 ? '*' : (SYMBOLS[atomicNumber - 1] ?? `Z${atomicNumber}`);
}

export function hillFormula(atoms: readonly { z?: number; impHs?: number }[], charge = 0): string {
  const counts = new Map<string, number>();
  const add = (symbol: string, n: number) => counts.set(symbol, (counts.get(symbol) ?? 0) + n);
  for (const atom of atoms) {
    add(elementSymbol(atom.z ?? 6), 1);
    if (atom.impHs) add('H', atom.impHs);
  }
  const hasCarbon = counts.has('C');
  const order = [...counts.keys()].sort((a, b) => {
    const rank = (s: string) => (hasCarbon ? (s === 'C' ? 0 : s === 'H' ? 1 : 2) : 2);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const body = order.map((s) => `${s}${counts.get(s) === 1 ? '' : counts.get(s)}`).join('');
  const sign = charge > 0 ? '+' : '-';
  return charge === 0 ? body : `${body}${Math.abs(charge) === 1 ? '' : Math.abs(charge)}${sign}`;
}
