#!/usr/bin/python3
"""Partial charges of a receptor PDBQT for AutoDock 4 scoring (the AutoDock4Zn maps; src/prep/zinc-scoring.ts).

Open Babel's PDBQT writer leaves every receptor charge at 0 (Vina's scoring ignores them) and its Gasteiger model
rejects many protein files, so the charges are RDKit's Gasteiger-Marsili charges of the PDBQT's own atoms, as
AutoDock's receptor preparation computes them: polar hydrogens explicit, and the charge of the non-polar hydrogens
the PDBQT leaves out (RDKit's implicit hydrogens, bond orders of standard residues from its PDB templates) added to
their heavy atom. Zinc gets 0 (AutoDock4Zn, Santos-Martins et al. 2014: its pair potentials carry the zinc's
interactions); other single-atom metal ions keep the charge the PDBQT gives them (the receptor preparation writes
their ion charge). Atoms keep their order.

One JSON request on stdin: {"pdbqt": receptor PDBQT, "out": PDBQT to write}. One JSON answer on stdout:
{"ok": true, "notes": [...], "netCharge": q} or {"ok": false, "reason": "..."}.
"""
import json
import math
import sys

from rdkit import Chem
from rdkit.Chem import rdPartialCharges

ELEMENT_OF_TYPE = {'A': 'C', 'NA': 'N', 'NS': 'N', 'OA': 'O', 'OS': 'O', 'SA': 'S', 'HD': 'H', 'HS': 'H'}
METAL_IONS = {'MG', 'CA', 'MN', 'FE', 'CO', 'NI', 'CU', 'CD', 'HG', 'NA', 'K'}


def atom_type(line):
    return line[77:79].strip()


def as_pdb(lines):
    """The atoms as PDB records (columns 1-66 and the element), for RDKit's PDB reader."""
    out = []
    for line in lines:
        element = ELEMENT_OF_TYPE.get(atom_type(line).upper(), atom_type(line))
        out.append(f'{line[:66].ljust(66)}          {element.upper():>2}')
    return '\n'.join(out) + '\nEND\n'


def set_protonation_as_written(mol):
    """Hydrogens on N, O and S are the PDBQT's (its polar ones, explicit): none are implied, and the charge follows
    from them (N with four bonds +1, O or S with one single bond -1). Carbons get their non-polar hydrogens back as
    implicit ones."""
    for atom in mol.GetAtoms():
        if atom.GetAtomicNum() != 6:
            atom.SetNoImplicit(True)
    mol.UpdatePropertyCache(strict=False)
    for atom in mol.GetAtoms():
        valence = atom.GetExplicitValence()
        if atom.GetAtomicNum() == 7 and valence == 4:
            atom.SetFormalCharge(1)
        elif atom.GetAtomicNum() in (8, 16) and valence == 1 and atom.GetDegree() == 1:
            atom.SetFormalCharge(-1)
    mol.UpdatePropertyCache(strict=False)


def assign(request):
    lines = [line.rstrip('\n') for line in open(request['pdbqt'])]
    atoms = [i for i, line in enumerate(lines) if line.startswith(('ATOM', 'HETATM'))]
    mol = Chem.MolFromPDBBlock(as_pdb([lines[i] for i in atoms]), sanitize=False, removeHs=False)
    if mol is None or mol.GetNumAtoms() != len(atoms):
        return {'ok': False, 'reason': 'receptor charges failed: RDKit did not read every receptor atom'}
    set_protonation_as_written(mol)
    Chem.SanitizeMol(mol, Chem.SanitizeFlags.SANITIZE_ALL ^ Chem.SanitizeFlags.SANITIZE_PROPERTIES, catchErrors=True)
    rdPartialCharges.ComputeGasteigerCharges(mol, throwOnParamFailure=False)
    residue_sizes = {}
    for i in atoms:
        residue_sizes[lines[i][17:27]] = residue_sizes.get(lines[i][17:27], 0) + 1
    ions = 0
    uncharged = 0
    net = 0.0
    for index, (line_no, atom) in enumerate(zip(atoms, mol.GetAtoms())):
        line = lines[line_no]
        kind = atom_type(line).upper()
        if kind == 'ZN':
            charge = 0.0
        elif kind in METAL_IONS and residue_sizes[line[17:27]] == 1:
            charge = float(line[68:76])
            ions += 1
        else:
            q = atom.GetDoubleProp('_GasteigerCharge') if atom.HasProp('_GasteigerCharge') else float('nan')
            hq = atom.GetDoubleProp('_GasteigerHCharge') if atom.HasProp('_GasteigerHCharge') else 0.0
            charge = q + (hq if math.isfinite(hq) else 0.0)
            if not math.isfinite(charge):
                charge = 0.0
                uncharged += 1
        net += charge
        lines[line_no] = f'{line[:68].ljust(68)}{charge:8.3f}{line[76:]}'
    with open(request['out'], 'w') as handle:
        handle.write('\n'.join(lines) + '\n')
    notes = ['receptor charges for AutoDock 4 scoring: RDKit Gasteiger-Marsili, non-polar hydrogens merged, zinc 0']
    if ions:
        notes.append(f'{ions} other metal ion(s) with their ion charge')
    if uncharged:
        notes.append(f'{uncharged} receptor atom(s) without Gasteiger parameters charged 0')
    return {'ok': True, 'notes': notes, 'netCharge': round(net, 3)}


def main():
    request = json.loads(sys.stdin.read())
    try:
        answer = assign(request)
    except Exception as error:  # noqa: BLE001 - any failure is the answer's reason
        answer = {'ok': False, 'reason': f'receptor charges failed: {error}'}
    print(json.dumps(answer))


if __name__ == '__main__':
    main()
