#!/usr/bin/python3
"""Residue-aware hydrogens for a receptor PDB without them (src/prep/receptor-pdb2pqr.ts).

The protein (ATOM records) goes through PDB2PQR 3 with PROPKA at the requested pH (AMBER force field and names, chains
kept): PROPKA's pKa per titratable residue decides Asp/Glu/Lys/Cys/Tyr/His states, PDB2PQR rebuilds missing heavy
side-chain atoms, adds hydrogens and optimises the hydrogen-bond network (which may flip His/Asn/Gln side chains).
PDB2PQR drops what it has no template for (HETATM records: metals, cofactors, other ligands; non-standard ATOM
residues); those are merged back: single-atom metal ions as they are, every other group with the hydrogens Open Babel
adds for the pH (`obabel -p`), unless it already has hydrogens. The result is a PDB for Open Babel's PDBQT writer.

One JSON request on stdin: {"path": cleaned PDB (waters and alternate locations already dropped), "outPdb", "ph",
"workDir"}. One JSON answer on stdout: {"ok": true, "notes": [...], "report": {...}, "pdb2pqr": version} or
{"ok": false, "missing": true|false, "reason": "..."} (missing: PDB2PQR is not installed).
"""
import json
import math
import os
import re
import subprocess
import sys

METAL_CHARGES = {
    'ZN': 2, 'MG': 2, 'CA': 2, 'MN': 2, 'FE': 2, 'FE2': 2, 'CO': 2, 'NI': 2, 'CU': 2, 'CD': 2, 'HG': 2,
    'NA': 1, 'K': 1, 'LI': 1,
}
# PDB2PQR's AMBER residue names that say the state, and the state they stand for.
HIS_NAMES = {'HIS', 'HID', 'HIE', 'HIP', 'HSD', 'HSE', 'HSP'}
LIST_AT_MOST = 40
MAX_RETRIES = 5
AMINO_ACIDS = {'ALA', 'ARG', 'ASN', 'ASP', 'CYS', 'GLN', 'GLU', 'GLY', 'HIS', 'ILE', 'LEU', 'LYS', 'MET', 'PHE', 'PRO',
               'SER', 'THR', 'TRP', 'TYR', 'VAL', 'HID', 'HIE', 'HIP', 'HSD', 'HSE', 'HSP', 'CYX', 'CYM', 'ASH', 'GLH',
               'LYN', 'ARN', 'TYM'}
# A His N or Cys S this close to a lone metal ion coordinates it (Zn-N 2.0-2.2 A, Zn-S 2.3 A in crystal structures).
METAL_BOND = 2.6


def is_atom(line):
    return line.startswith('ATOM') or line.startswith('HETATM')


def residue_key(line):
    """Chain, residue number and insertion code, e.g. ('A', '193', '')."""
    return (line[21], line[22:26].strip(), line[26].strip())


def label(res_name, key):
    chain, number, icode = key
    return f'{res_name} {chain.strip()}{number}{icode}'


def element_of(line):
    element = line[76:78].strip() if len(line) >= 78 else ''
    if not element:
        element = re.sub(r'[^A-Za-z]', '', line[12:14]).strip()
    return element.upper()


def coords(line):
    return (float(line[30:38]), float(line[38:46]), float(line[46:54]))


def listed(items):
    items = list(items)
    shown = ', '.join(items[:LIST_AT_MOST])
    return shown + (f', ... ({len(items)} in all)' if len(items) > LIST_AT_MOST else '')


def atom_list(atoms):
    return ', '.join(sorted(atoms))


def pdb2pqr_version():
    try:
        import pdb2pqr  # noqa: F401 - presence check
        from pdb2pqr import __version__ as version  # type: ignore
        return str(version)
    except Exception:  # noqa: BLE001 - any import failure means not usable
        return None


def run_pdb2pqr(protein_pdb, out_pdb, out_pqr, ph):
    command = [sys.executable, '-m', 'pdb2pqr', '--ff', 'AMBER', '--ffout', 'AMBER', '--keep-chain',
               '--titration-state-method', 'propka', '--with-ph', str(ph), '--pdb-output', out_pdb,
               protein_pdb, out_pqr]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return command, result


def missing_atoms(log):
    """PDB2PQR's 'Missing atom X in residue RES C N' and 'Added atom X to residue RES C N' lines."""
    missing, added = {}, {}
    for match in re.finditer(r'Missing atom (\S+) in residue (\S+) (\S) ?(-?\d+\S*)', log):
        missing.setdefault(f'{match[2]} {match[3]}{match[4]}', set()).add(match[1])
    for match in re.finditer(r'Added atom (\S+) to residue (\S+) (\S) ?(-?\d+\S*)', log):
        added.setdefault(f'{match[2]} {match[3]}{match[4]}', set()).add(match[1])
    return missing, added


def residue_states(out_lines):
    """Per residue of PDB2PQR's PDB: the protonation state its hydrogens show (AMBER names)."""
    residues = {}
    order = []
    for line in out_lines:
        if not is_atom(line):
            continue
        key = residue_key(line)
        if key not in residues:
            residues[key] = {'name': line[17:20].strip(), 'atoms': {}}
            order.append(key)
        residues[key]['atoms'][line[12:16].strip()] = line
    sulfurs = [coords(r['atoms']['SG']) for r in residues.values() if 'SG' in r['atoms']]
    his, non_default = [], []
    counts = {'HID': 0, 'HIE': 0, 'HIP': 0}
    for key in order:
        residue = residues[key]
        atoms = residue['atoms']
        name = residue['name']
        if name in HIS_NAMES or (name.startswith(('N', 'C')) and name[1:] in HIS_NAMES):
            delta, epsilon = 'HD1' in atoms, 'HE2' in atoms
            state = 'HIP' if delta and epsilon else 'HID' if delta else 'HIE'
            counts[state] += 1
            his.append(f'{label("HIS", key)} {state}')
        elif name.endswith('ASP') or name in ('ASH',):
            if 'HD1' in atoms or 'HD2' in atoms:
                non_default.append(f'{label("ASP", key)} neutral (ASH)')
        elif name.endswith('GLU') or name in ('GLH',):
            if 'HE1' in atoms or 'HE2' in atoms:
                non_default.append(f'{label("GLU", key)} neutral (GLH)')
        elif name.endswith('LYS') or name in ('LYN',):
            if 'NZ' in atoms and sum(h in atoms for h in ('HZ1', 'HZ2', 'HZ3')) < 3:
                non_default.append(f'{label("LYS", key)} neutral (LYN)')
        elif name.endswith('TYR') or name in ('TYM',):
            if 'OH' in atoms and 'HH' not in atoms:
                non_default.append(f'{label("TYR", key)} anion (TYM)')
        elif name.endswith('ARG') or name in ('ARN',):
            if 'NE' in atoms and sum(h in atoms for h in ('HE', 'HH11', 'HH12', 'HH21', 'HH22')) < 5:
                non_default.append(f'{label("ARG", key)} neutral (ARN)')
        elif name.endswith('CYS') or name in ('CYX', 'CYM'):
            if 'SG' in atoms and 'HG' not in atoms:
                here = coords(atoms['SG'])
                bridged = any(0.1 < math.dist(here, other) < 2.5 for other in sulfurs)
                if not bridged:
                    non_default.append(f'{label("CYS", key)} anion (CYM)')
    return his, counts, non_default


def metal_ions(hetero):
    """Lone metal ions of the hetero records: [(label, xyz)]."""
    by_residue = {}
    for line in hetero:
        by_residue.setdefault((residue_key(line), line[17:20]), []).append(line)
    return [(label(name.strip(), key), coords(group[0])) for (key, name), group in by_residue.items()
            if len(group) == 1 and (name.strip() in METAL_CHARGES or element_of(group[0]) in METAL_CHARGES)]


def unit(vector):
    length = math.sqrt(sum(c * c for c in vector))
    return tuple(c / length for c in vector)


def hydrogen_line(template, name, xyz):
    return (template[:12] + f' {name:<3}' + template[16:30] + ''.join(f'{c:8.3f}' for c in xyz) +
            '  1.00  0.00' + ' ' * 10 + ' H')


def metal_bound_states(out, metals):
    """
    A His nitrogen or Cys sulfur within METAL_BOND of a lone metal ion binds it, so it carries no hydrogen (PDB2PQR
    never sees the metals: they are not protein). His: the other ring nitrogen gets the hydrogen (placed in the ring
    plane, 1.01 A along the bisector of its ring bonds); Cys: the thiolate. Returns the new lines and notes.
    """
    if not metals:
        return out, []
    residues = {}
    for index, line in enumerate(out):
        residues.setdefault(residue_key(line), {})[line[12:16].strip()] = index
    drop, add, notes = set(), {}, []
    ring = {'ND1': ('HD1', 'NE2', 'HE2', ('CD2', 'CE1')), 'NE2': ('HE2', 'ND1', 'HD1', ('CG', 'CE1'))}
    for key, atoms in residues.items():
        name = out[next(iter(atoms.values()))][17:20].strip()
        for atom in ('ND1', 'NE2', 'SG'):
            if atom not in atoms or (atom == 'SG') != name.endswith(('CYS', 'CYM', 'CYX')):
                continue
            here = coords(out[atoms[atom]])
            bound = [metal for metal, xyz in metals if math.dist(here, xyz) <= METAL_BOND]
            if not bound:
                continue
            if atom == 'SG':
                if 'HG' in atoms:
                    drop.add(atoms['HG'])
                    notes.append(f'{label("CYS", key)} SG binds {bound[0]}: thiolate (no HG)')
                continue
            hydrogen, other, other_h, other_ring = ring[atom]
            changed = hydrogen in atoms
            if changed:
                drop.add(atoms[hydrogen])
            if other_h not in atoms and other in atoms and all(a in atoms for a in other_ring):
                nitrogen = coords(out[atoms[other]])
                a, b = (coords(out[atoms[n]]) for n in other_ring)
                direction = unit(tuple(unit(tuple(n - x for n, x in zip(nitrogen, a)))[i] +
                                       unit(tuple(n - x for n, x in zip(nitrogen, b)))[i] for i in range(3)))
                xyz = tuple(n + 1.01 * d for n, d in zip(nitrogen, direction))
                add.setdefault(atoms[other], []).append(hydrogen_line(out[atoms[other]], other_h, xyz))
                changed = True
            if changed:
                state = 'HID' if atom == 'NE2' else 'HIE'
                notes.append(f'{label("HIS", key)} {atom} binds {bound[0]}: {state} (PDB2PQR had not seen the metal)')
    lines = []
    for index, line in enumerate(out):
        if index not in drop:
            lines.append(line)
        lines.extend(add.get(index, []))
    return lines, notes


def moved_residues(given, written):
    """Residues whose given heavy atoms PDB2PQR moved (> 0.05 A): His/Asn/Gln flips of its hydrogen-bond optimisation."""
    where = {(residue_key(line), line[12:16].strip()): coords(line) for line in written}
    moved = {}
    for line in given:
        if element_of(line) in ('H', 'D'):
            continue
        key = (residue_key(line), line[12:16].strip())
        if key in where and math.dist(where[key], coords(line)) > 0.05:
            moved.setdefault(label(line[17:20].strip(), key[0]), []).append(key[1])
    return [f'{residue} ({atom_list(atoms)})' for residue, atoms in moved.items()]


def backbone_incomplete(protein):
    """Amino-acid residues missing N, CA or C."""
    atoms = {}
    for line in protein:
        if line[17:20].strip() in AMINO_ACIDS:
            atoms.setdefault(residue_key(line), set()).add(line[12:16].strip())
    return {key for key, names in atoms.items() if not {'N', 'CA', 'C'} <= names}


def cannot_reconstruct(log):
    """PDB2PQR's 'Too few atoms present to reconstruct or cap residue GLN A 1020': the residue keys."""
    for match in re.finditer(r'Too few atoms present to reconstruct or cap residue (\S+) (\S) (-?\d+)(\S?) ', log):
        yield (match[2], match[3], match[4])


def pdb2pqr_once(protein, work_dir, ph):
    protein_pdb = os.path.join(work_dir, 'pdb2pqr_in.pdb')
    with open(protein_pdb, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(protein) + '\nEND\n')
    pqr_pdb = os.path.join(work_dir, 'pdb2pqr_out.pdb')
    pqr = os.path.join(work_dir, 'pdb2pqr_out.pqr')
    for stale in (pqr_pdb, pqr):
        if os.path.exists(stale):
            os.remove(stale)
    command, result = run_pdb2pqr(protein_pdb, pqr_pdb, pqr, ph)
    log = result.stdout + result.stderr
    with open(os.path.join(work_dir, 'pdb2pqr.log'), 'w', encoding='utf-8') as handle:
        handle.write(log)
    return command, result, log


def net_charge(pqr_path):
    total = 0.0
    with open(pqr_path, encoding='utf-8') as handle:
        for line in handle:
            if is_atom(line):
                fields = line[54:].split()
                if fields:
                    total += float(fields[0])
    return round(total)


def hetero_with_hydrogens(groups, ph, work_dir, notes):
    """Every non-metal group through `obabel -p ph` unless it has hydrogens; heavy-atom lines kept as given."""
    lines = []
    to_protonate = []
    for key, group in groups:
        name = group[0][17:20].strip()
        elements = [element_of(line) for line in group]
        if len(group) == 1:
            # A lone atom is an ion (metal, halide): kept as given, never protonated.
            lines.extend(group)
            if not (name in METAL_CHARGES or elements[0] in METAL_CHARGES):
                notes.append(f'{label(name, key)}: a single-atom group, kept as given (an ion)')
            continue
        if any(e in ('H', 'D') for e in elements):
            notes.append(f'{label(name, key)}: hydrogens kept as given')
            lines.extend(group)
            continue
        to_protonate.append((key, name, group))
    if not to_protonate:
        return lines
    # One Open Babel run per group, so no bond is perceived between groups (or to the protein).
    for index, (key, name, group) in enumerate(to_protonate):
        source = os.path.join(work_dir, f'hetero_{index}.pdb')
        target = os.path.join(work_dir, f'hetero_{index}_h.pdb')
        with open(source, 'w', encoding='utf-8') as handle:
            handle.write('\n'.join(group) + '\nEND\n')
        result = subprocess.run(['obabel', '-ipdb', source, '-p', str(ph), '-opdb', '-O', target],
                                capture_output=True, text=True, check=False)
        written = []
        if result.returncode == 0 and os.path.exists(target):
            with open(target, encoding='utf-8') as handle:
                written = [line.rstrip('\n') for line in handle if is_atom(line)]
        heavy = [line for line in written if element_of(line) not in ('H', 'D')]
        if len(heavy) != len(group):
            notes.append(f'{label(name, key)}: Open Babel could not add its hydrogens; kept without them')
            lines.extend(group)
            continue
        charge = 0
        for original, typed in zip(group, heavy):
            formal = typed[78:80] if len(typed) >= 80 else '  '
            lines.append(original[:76].ljust(76) + element_of(original).rjust(2) + formal)
            sign = formal.strip()
            if sign:
                charge += int(sign[:-1] or 1) * (1 if sign.endswith('+') else -1)
        heavy_coords = [coords(line) for line in group]
        hydrogens = [line for line in written if element_of(line) in ('H', 'D')]
        for number, hydrogen in enumerate(hydrogens, start=1):
            parent = min(range(len(group)), key=lambda i: math.dist(heavy_coords[i], coords(hydrogen)))
            base = group[parent]
            atom_name = f'H{number}'[:4]
            lines.append('HETATM' + '    0' + ' ' + atom_name.ljust(4) + base[16:30] + hydrogen[30:54] +
                         '  1.00  0.00' + ' ' * 10 + ' H')
        notes.append(f'{label(name, key)}: {len(hydrogens)} hydrogens added by Open Babel for pH {ph}'
                     f' (net charge {charge:+d})')
    return lines


def prepare(path, out_pdb, ph, work_dir):
    version = pdb2pqr_version()
    if version is None:
        return {'ok': False, 'missing': True, 'reason': 'PDB2PQR is not installed on this agent '
                '(Debian package python3-pdb2pqr)'}
    with open(path, encoding='utf-8') as handle:
        lines = [line.rstrip('\n') for line in handle]
    protein = [line for line in lines if line.startswith('ATOM')]
    hetero = [line for line in lines if line.startswith('HETATM')]
    if not protein:
        return {'ok': False, 'missing': False, 'reason': 'no ATOM records (no protein for PDB2PQR)'}
    # Amino acids without their N, CA and C: PDB2PQR cannot place them (it stops on the whole file), so they are kept
    # aside and written back as given, without hydrogens; so is any residue PDB2PQR still says it cannot reconstruct.
    incomplete = backbone_incomplete(protein)
    for _ in range(MAX_RETRIES + 1):
        given = [line for line in protein if residue_key(line) not in incomplete]
        command, result, log = pdb2pqr_once(given, work_dir, ph)
        refused = set(cannot_reconstruct(log)) - incomplete
        if result.returncode == 0 or not refused:
            break
        incomplete |= refused
    protein, aside = given, [line for line in protein if residue_key(line) in incomplete]
    pqr_pdb = os.path.join(work_dir, 'pdb2pqr_out.pdb')
    pqr = os.path.join(work_dir, 'pdb2pqr_out.pqr')
    if result.returncode != 0 or not os.path.exists(pqr_pdb):
        tail = ' | '.join(line for line in log.strip().split('\n')[-3:])
        return {'ok': False, 'missing': False, 'reason': f'PDB2PQR failed (exit {result.returncode}): {tail[-600:]}'}
    with open(pqr_pdb, encoding='utf-8') as handle:
        out = [line.rstrip('\n') for line in handle if is_atom(line)]
    # Residues PDB2PQR left out (no template: ligands written as ATOM, caps, unknown residues) go back as hetero.
    kept = {residue_key(line) for line in out}
    dropped = [line for line in protein if residue_key(line) not in kept]
    if dropped:
        hetero = [('HETATM' + line[6:]) for line in dropped] + hetero
    groups = {}
    for line in hetero:
        groups.setdefault((residue_key(line), line[17:20]), []).append(line)
    out, metal_notes = metal_bound_states(out, metal_ions(hetero))
    his, his_counts, non_default = residue_states(out)
    missing, added = missing_atoms(log)
    rebuilt = sorted(r for r in missing if missing[r] <= added.get(r, set()))
    not_rebuilt = sorted(f'{r} ({atom_list(missing[r] - added.get(r, set()))})'
                         for r in missing if not missing[r] <= added.get(r, set()))
    charge = net_charge(pqr)
    notes = [
        f'protein hydrogens for pH {ph} by PDB2PQR {version} with PROPKA (AMBER): '
        f'{len(kept)} residues, net charge {charge:+d}; '
        f'His: {his_counts["HID"]} HID, {his_counts["HIE"]} HIE, {his_counts["HIP"]} HIP',
    ]
    if his:
        notes.append(f'His tautomers: {listed(his)}')
    notes.append(f'non-default protonation states at pH {ph}: {listed(non_default)}' if non_default
                 else f'every Asp, Glu, Lys, Arg, Cys, Tyr in its usual state at pH {ph}')
    notes.extend(metal_notes)
    moved = moved_residues(protein, out)
    if moved:
        notes.append(f'side chains flipped by PDB2PQR\'s hydrogen-bond optimisation (heavy atoms moved): {listed(moved)}')
    if rebuilt:
        described = [f'{r} ({atom_list(missing[r])})' for r in rebuilt]
        notes.append(f'missing heavy atoms rebuilt by PDB2PQR: {listed(described)}')
    if not_rebuilt:
        notes.append(f'missing atoms PDB2PQR could not rebuild: {listed(not_rebuilt)}')
    if aside:
        notes.append('residues with too few atoms for PDB2PQR (incomplete backbone) kept as given, without hydrogens: '
                     f'{listed(sorted({label(line[17:20].strip(), residue_key(line)) for line in aside}))}')
    if dropped:
        notes.append('residues without a PDB2PQR template kept as hetero groups: '
                     f'{listed(sorted({label(line[17:20].strip(), residue_key(line)) for line in dropped}))}')
    het_lines = hetero_with_hydrogens([(key, group) for (key, _), group in groups.items()], ph, work_dir, notes)
    metals = [line for line in het_lines if len(groups.get((residue_key(line), line[17:20]), [])) == 1
              and element_of(line) in METAL_CHARGES]
    if metals:
        notes.append(f'metal ions kept: {listed(label(line[17:20].strip(), residue_key(line)) for line in metals)}')
    het_lines = aside + het_lines
    numbered = [line[:6] + str(serial).rjust(5) + line[11:] for serial, line in enumerate(out + het_lines, start=1)]
    protein_part, het_part = numbered[:len(out)], numbered[len(out):]
    with open(out_pdb, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(protein_part) + '\nTER\n' + ''.join(line + '\n' for line in het_part) + 'END\n')
    return {
        'ok': True,
        'notes': notes,
        'pdb2pqr': version,
        'command': ' '.join(['pdb2pqr'] + command[3:-3] + ['OUT.pdb', 'IN.pdb', 'OUT.pqr']),
        'report': {'his': his, 'nonDefault': non_default, 'rebuilt': rebuilt, 'notRebuilt': not_rebuilt,
                   'netCharge': charge, 'moved': moved,
                   'incomplete': sorted({label(line[17:20].strip(), residue_key(line)) for line in aside}), 'residues': len(kept),
                   'dropped': sorted({label(line[17:20].strip(), residue_key(line)) for line in dropped})},
    }


def main():
    request = json.loads(sys.stdin.read())
    print(json.dumps(prepare(request['path'], request['outPdb'], request.get('ph', 7.4), request['workDir'])))


if __name__ == '__main__':
    main()
