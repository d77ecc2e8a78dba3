// A SMILES syntax check from the characters alone (OpenSMILES grammar: atoms, bracket atoms, bonds, branches, ring
// closures), fast enough for job requests of 100,000 ligands; the chemistry is RDKit's when the ligand is prepared.
import { elementSymbol } from './elements.js';

// One character each outside brackets: the organic-subset atoms (Cl and Br are C, B followed by l, r), aromatic
// atoms, the wildcard, bonds, branches, ring-closure digits. Bracket atoms are matched by a sticky regular expression.
const SINGLE = new Set([...'BCNOPSFIbcnops*-=#$:/\\.()~0123456789'].map((c) => c.charCodeAt(0)));
const BRACKET_ATOM =
  /\[\d*([A-Z][a-z]?|[a-z][a-z]?|\*)(?:@{1,2}(?:TH[12]|AL[12]|SP[123]|TB\d{1,2}|OH\d{1,2})?)?(?:H\d?)?(?:[+-]{1,2}\d{0,2})?(?::\d+)?\]/y;
const ELEMENTS = new Set([
  '*',
  'se',
  'as',
  'te',
  'b',
  'c',
  'n',
  'o',
  'p',
  's',
  ...Array.from({ length: 118 }, (_, i) => elementSymbol(i + 1)),
]);
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Why a string cannot be a SMILES, from its characters alone (atoms, element symbols in brackets, bonds, ring
 * closures, branches), or null. It costs microseconds, so a 100,000-ligand job is checked in a fraction of a second
 * (RDKit's parser takes ~0.4 ms per SMILES here: 40 s). Chemistry (valences, unclosed rings or branches) is checked
 * by RDKit when the ligand is prepared; such a ligand fails there with RDKit's reason and the rest of the job runs.
 */
export function smilesSyntaxProblem(smiles: string): string | null {
  if (smiles.length === 0) return 'empty';
  for (let at = 0; at < smiles.length;) {
    const code = smiles.charCodeAt(at);
    if (SINGLE.has(code)) {
      at += 1;
    } else if (code === 37 /* % */ && isDigit(smiles.charCodeAt(at + 1)) && isDigit(smiles.charCodeAt(at + 2))) {
      at += 3;
    } else if (code === 91 /* [ */) {
      BRACKET_ATOM.lastIndex = at;
      const bracket = BRACKET_ATOM.exec(smiles);
      if (!bracket || !ELEMENTS.has(bracket[1]!))
        return `the bracket atom at position ${at + 1} is not [isotope? element chirality? H? charge? :class?]`;
      at += bracket[0].length;
    } else if (/\s/.test(smiles[at]!)) {
      return `a space at position ${at + 1} (one SMILES per ligand, no spaces)`;
    } else if ((code === 108 /* l */ || code === 114) /* r */ && smiles[at - 1] === (code === 108 ? 'C' : 'B')) {
      at += 1; // the second letter of Cl or Br
    } else {
      return `"${smiles[at]}" at position ${at + 1} is not an atom, bond, ring closure or branch`;
    }
  }
  return null;
}
