#!/usr/bin/python3
"""PDBx/mmCIF receptor -> PDB for the agent's receptor preparation (gemmi), so an mmCIF receptor goes through exactly
the steps a PDB receptor does (src/prep/receptor.ts: waters, alternate locations, hydrogens, Open Babel PDBQT).

One JSON request on stdin: {"path": the mmCIF file, "outPdb": the PDB to write}. One JSON answer on stdout:
{"ok": true, "notes": [...], "atoms": n, "models": n, "gemmi": version} or {"ok": false, "reason": "..."}.
gemmi reads the first data block that has an _atom_site table; only its first model is written; every atom of that
model is written as read (alternate locations, waters, hetero groups and hydrogens are left to the PDB steps).
"""
import json
import sys

import gemmi


def convert(path, out_pdb):
    notes = []
    try:
        doc = gemmi.cif.read(path)
    except Exception as error:  # noqa: BLE001 - gemmi raises RuntimeError/ValueError with the line in the message
        return {'ok': False, 'reason': f'mmCIF read failed: {error}'}
    blocks = [block for block in doc if block.find_mmcif_category('_atom_site.')]
    if not blocks:
        return {'ok': False, 'reason': 'mmCIF has no _atom_site table (no atoms)'}
    if len(doc) > 1:
        notes.append(f'mmCIF has {len(doc)} data blocks; read {blocks[0].name}')
    structure = gemmi.make_structure_from_block(blocks[0])
    models = len(structure)
    if models == 0 or structure[0].count_atom_sites() == 0:
        return {'ok': False, 'reason': 'mmCIF _atom_site table has no atoms'}
    while len(structure) > 1:
        del structure[len(structure) - 1]
    if models > 1:
        notes.append(f'mmCIF has {models} models; the first is docked')
    long_names = sorted({chain.name for chain in structure[0] if len(chain.name) > 1})
    if long_names:
        structure.shorten_chain_names()
        notes.append(f'chain names longer than PDB\'s one character shortened: {", ".join(long_names[:10])}')
    structure.write_minimal_pdb(out_pdb)
    notes.insert(0, f'mmCIF read by gemmi {gemmi.__version__} and written as PDB (first model, every atom) '
                    'for the same preparation as a PDB receptor')
    return {'ok': True, 'notes': notes, 'atoms': structure[0].count_atom_sites(), 'models': models,
            'gemmi': gemmi.__version__}


def main():
    request = json.loads(sys.stdin.read())
    print(json.dumps(convert(request['path'], request['outPdb'])))


if __name__ == '__main__':
    main()
