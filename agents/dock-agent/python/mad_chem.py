#!/usr/bin/python3
"""Ligand preparation and docked-pose post-processing for the dock agent (RDKit 2022.09 + Open Babel 3.1).

Run with /usr/bin/python3 (the interpreter that has RDKit). One JSON request on stdin, one JSON answer on stdout:
  prepare: {"command": "prepare", "name", "outDir", "seed", "numConformers", "strategy", "ringConformers", "states",
           "smiles" | "file"+"format"}
  poses:   {"command": "poses", "name", "templatePath", "posesPdbqtPath", "outSdfPath", "poses": [...]}
Errors that belong to the ligand come back as {"ok": false, "reason": "..."}; the exit code stays 0.
"""
import json
import math
import os
import re
import subprocess
import sys

from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, Lipinski
from rdkit.Chem.MolStandardize import rdMolStandardize

from pdbqt_tree import build_pdbqt, openable_rings

RDLogger.DisableLog('rdApp.*')

PH = 7.4
# Acyclic secondary amide O=C-N(H)-C: a cis amide (O and the N-substituent anti) is rigid in PDBQT and ruins docking.
SECONDARY_AMIDE = Chem.MolFromSmarts('[OX1]=[CX3]-!@[NX3;H1]-[#6]')
# Ring conformers (DOCKING_SCIENCE.md "Ring conformers"): two conformers have different ring shapes when some
# endocyclic dihedral differs by more than this; others are docked only within this MMFF94 window of the lowest.
RING_TORSION_DEG = 45
RING_ENERGY_WINDOW = 3.0
# Variants of one ligand docked in its slot (ring conformers x protonation/tautomer states), at most this many in all.
MAX_DOCKINGS = 4
# Tautomers looked at per ligand (RDKit's enumeration stops there), and protonated to compare their H-bond patterns.
MAX_TAUTOMERS = 64
MAX_STATE_CANDIDATES = 8


class LigandError(Exception):
    """A problem with this ligand (bad SMILES, embedding failure...): reported, never fatal to the batch."""


def run_obabel(args, stdin=None):
    proc = subprocess.run(['obabel', *args], input=stdin, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise LigandError(f'obabel {" ".join(args[:2])} failed: {proc.stderr.strip().splitlines()[-1:]}')
    return proc


# ---------- SMILES -> standardised, protonated RDKit molecule ----------

def parse_smiles(smiles):
    mol = Chem.MolFromSmiles(smiles, sanitize=True)
    if mol is None:
        # RDKit logs the position of the problem; re-parse with the log captured for the message.
        raise LigandError(f'SMILES parse error: {smiles_error(smiles)}')
    return mol


def smiles_error(smiles):
    from io import StringIO
    from rdkit import rdBase
    stream = StringIO()
    rdBase.LogToPythonStderr()
    RDLogger.EnableLog('rdApp.error')
    old = sys.stderr
    sys.stderr = stream
    try:
        Chem.MolFromSmiles(smiles)
    finally:
        sys.stderr = old
        RDLogger.DisableLog('rdApp.error')
    lines = [line.split('ERROR: ')[-1].strip() for line in stream.getvalue().splitlines() if line.strip()]
    return '; '.join(lines[:2]) or f'cannot parse "{smiles}"'


def standardise(mol, notes):
    """dockstring's steps (canonical, uncharged, one fragment), but salts are stripped rather than rejected."""
    mol = Chem.MolFromSmiles(Chem.MolToSmiles(mol, isomericSmiles=True))
    if mol is None:
        raise LigandError('canonical SMILES does not round-trip through RDKit')
    if len(Chem.GetMolFrags(mol)) > 1:
        kept = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
        notes.append(f'kept the largest fragment {Chem.MolToSmiles(kept)} of {Chem.MolToSmiles(mol)}')
        mol = kept
    mol = rdMolStandardize.Normalizer().normalize(mol)
    mol = rdMolStandardize.Uncharger().uncharge(mol)
    Chem.SanitizeMol(mol)
    if any(a.GetNumRadicalElectrons() for a in mol.GetAtoms()):
        raise LigandError('the molecule has radicals; Vina atom typing needs closed-shell molecules')
    return mol


def neutral_parent(mol):
    """Canonical SMILES of the uncharged form: equal for protonation states of one molecule, stereo included."""
    return Chem.MolToSmiles(rdMolStandardize.Uncharger().uncharge(Chem.Mol(mol)), isomericSmiles=True)


# Acids that Open Babel's pH model leaves neutral or writes wrongly, deprotonated before it runs (pKa well below 7.4):
# 5-substituted 1H/2H-tetrazoles (pKa 4.5-4.9; Open Babel writes an invalid C1=[N-]N=NN1), N-acylsulfonamides
# (pKa 4-5; left neutral). Open Babel keeps an anion it is given and protonates the rest of the molecule.
TETRAZOLE = Chem.MolFromSmarts('c1nnnn1')  # c, N1, N2, N3, N4
ACYLSULFONAMIDE = Chem.MolFromSmarts('[NX3H1](-[CX3]=O)-[SX4](=O)=O')


def deprotonate_strong_acids(mol, notes):
    """The anion of each neutral tetrazole (charge on N1, the form Open Babel keeps; the 1H and 2H tautomers give
    the same anion) and N-acylsulfonamide."""
    rw = Chem.RWMol(mol)
    changed = []
    for c, *ring_n in mol.GetSubstructMatches(TETRAZOLE):
        atoms = [rw.GetAtomWithIdx(i) for i in ring_n]
        if any(a.GetFormalCharge() for a in atoms) or not any(a.GetTotalNumHs() for a in atoms):
            continue
        for atom in atoms:
            atom.SetNumExplicitHs(0)
            atom.SetNoImplicit(True)
        atoms[0].SetFormalCharge(-1)
        changed.append('tetrazole')
    for n, *_rest in mol.GetSubstructMatches(ACYLSULFONAMIDE):
        atom = rw.GetAtomWithIdx(n)
        if atom.GetFormalCharge() == 0:
            atom.SetFormalCharge(-1)
            atom.SetNumExplicitHs(0)
            atom.SetNoImplicit(True)
            changed.append('N-acylsulfonamide')
    if not changed:
        return mol
    out = rw.GetMol()
    Chem.SanitizeMol(out)
    notes.extend(f'{label} N-H (pKa < 6) deprotonated for pH {PH}' for label in changed)
    return Chem.MolFromSmiles(Chem.MolToSmiles(out))


def protonate(mol, notes, dockstring=False):
    """Open Babel's pH model, as dockstring uses it; the result is checked against the input with RDKit.
    Except for the dockstring strategy, the acids Open Babel mishandles (STRONG_ACIDS) are deprotonated first."""
    given = mol
    if not dockstring:
        mol = deprotonate_strong_acids(mol, notes)  # the acids Open Babel leaves neutral or writes wrongly
    smiles = Chem.MolToSmiles(mol, isomericSmiles=True)
    out = run_obabel([f'-:{smiles}', '-ismi', '-ocan', f'-p{PH}']).stdout.strip().split('\t')[0].strip()
    protonated = Chem.MolFromSmiles(out) if out else None
    if protonated is None:
        notes.append(f'Open Babel pH {PH} output "{out}" is not valid for RDKit; docked the neutral form')
        return mol
    if neutral_parent(protonated) != neutral_parent(mol):
        notes.append(f'Open Babel pH {PH} changed the molecule or its stereo ({out}); docked the neutral form')
        return mol
    if not dockstring:
        protonated = limit_vicinal_ammoniums(protonated, notes)
    odd = sorted({a.GetSymbol() for a in protonated.GetAtoms() if a.GetFormalCharge() and a.GetSymbol() not in ('N', 'O')})
    if odd:
        notes.append(f'charged atoms other than N/O after protonation: {",".join(odd)}')
    charge = Chem.GetFormalCharge(protonated)
    if Chem.MolToSmiles(protonated) != Chem.MolToSmiles(given):
        notes.append(f'protonated at pH {PH}: {Chem.MolToSmiles(protonated)} (net charge {charge:+d})')
    return protonated


# Protonated amine N (not amide, not aromatic); N-C-C-N pairs of them are 1,2-diamines such as piperazines.
AMMONIUM = Chem.MolFromSmarts('[NX4+;!H0;!$(N~[#6]=[O,N,S]);!$(N-a)]')


def limit_vicinal_ammoniums(mol, notes):
    """Open Babel's pH model protonates both N of a piperazine (imatinib +2); the second pKa of 1,2-diamines is
    below 6, so at pH 7.4 one N stays neutral: the one next to a benzylic/allylic carbon (less basic)."""
    ammoniums = [m[0] for m in mol.GetSubstructMatches(AMMONIUM)]
    distances = Chem.GetDistanceMatrix(mol)
    rw = Chem.RWMol(mol)
    changed = []
    for i, a in enumerate(ammoniums):
        for b in ammoniums[i + 1:]:
            if distances[a][b] != 3 or a in changed or b in changed:
                continue
            drop = max((a, b), key=lambda idx: (benzylic_neighbours(mol, idx), idx))
            atom = rw.GetAtomWithIdx(drop)
            atom.SetFormalCharge(0)
            atom.SetNumExplicitHs(max(0, atom.GetNumExplicitHs() - 1))
            changed.append(drop)
    if not changed:
        return mol
    fixed = rw.GetMol()
    Chem.SanitizeMol(fixed)
    notes.append(f'kept one protonated N per 1,2-diamine (Open Babel protonated both): neutral N at {changed}')
    return fixed


def benzylic_neighbours(mol, idx):
    return sum(1 for n in mol.GetAtomWithIdx(idx).GetNeighbors()
               if any(nn.GetIsAromatic() or nn.GetHybridization() == Chem.HybridizationType.SP2
                      for nn in n.GetNeighbors() if nn.GetIdx() != idx))


# ---------- protonation/tautomer states (DOCKING_SCIENCE.md "Protonation and tautomer states") ----------

def hbond_pattern(mol):
    """Which atoms of the skeleton donate and accept hydrogen bonds (RDKit's Lipinski donor/acceptor definitions).
    Atoms are named by their canonical rank in the heavy-atom graph without bond orders, charges or hydrogens, which
    is the same for every tautomer and protomer of one molecule (symmetric atoms share a rank), so two states with the
    same pattern offer the receptor the same donors and acceptors in the same places."""
    heavy = Chem.RemoveHs(mol)
    skeleton = Chem.RWMol()
    for atom in heavy.GetAtoms():
        bare = Chem.Atom(atom.GetAtomicNum())
        bare.SetNoImplicit(True)
        skeleton.AddAtom(bare)
    for bond in heavy.GetBonds():
        skeleton.AddBond(bond.GetBeginAtomIdx(), bond.GetEndAtomIdx(), Chem.BondType.SINGLE)
    skeleton.UpdatePropertyCache(strict=False)
    ranks = list(Chem.CanonicalRankAtoms(skeleton, breakTies=False))
    donors = {m[0] for m in heavy.GetSubstructMatches(Lipinski.HDonorSmarts)}
    acceptors = {m[0] for m in heavy.GetSubstructMatches(Lipinski.HAcceptorSmarts)}
    return tuple(sorted((ranks[i], i in donors, i in acceptors) for i in donors | acceptors))


def carbon_hydrogens(mol):
    """Hydrogen count of each carbon: a tautomer that moves H onto or off carbon (keto-enol, imine-enamine) changes
    it. Such tautomers interconvert slowly at pH 7.4 (C-H is no acid), unlike H moving between N, O and S."""
    return [atom.GetTotalNumHs() for atom in mol.GetAtoms() if atom.GetAtomicNum() == 6]


def tautomer_enumerator():
    params = rdMolStandardize.CleanupParameters()
    params.maxTautomers = MAX_TAUTOMERS
    params.tautomerRemoveSp3Stereo = False  # the stereo given is kept: a tautomer that needs it changed is dropped
    params.tautomerRemoveBondStereo = False
    return rdMolStandardize.TautomerEnumerator(params)


def other_states(mol, primary, count, notes):
    """Up to `count` more protonation/tautomer states to dock besides `primary` (the input's tautomer protonated at
    pH 7.4). Candidates are RDKit's tautomers of the neutral molecule that (a) have RDKit's best tautomer score (the
    most plausible class: aromaticity, C=O over C-OH, ...), (b) move hydrogens only between heteroatoms (fast
    equilibria; keto-enol and imine-enamine moves are slow), (c) keep the input's stereo; each is protonated for pH 7.4
    exactly as the input is (protonate: Open Babel's model and our fixes) and kept only when its hydrogen-bond donors
    and acceptors differ from every state kept (hbond_pattern). Order: tautomer score, then canonical SMILES."""
    enumerator = tautomer_enumerator()
    try:
        tautomers = list(enumerator.Enumerate(mol))
    except Exception:  # noqa: BLE001 - RDKit cannot enumerate this molecule: the input's state alone is docked
        return []
    if not tautomers:
        return []
    scored = [(enumerator.ScoreTautomer(t), Chem.MolToSmiles(t), t) for t in tautomers]
    best = max(score for score, _smiles, _t in scored)
    hydrogens = carbon_hydrogens(mol)  # the enumerated tautomers keep the input's atom order
    stereo = specified_stereo_count(mol)
    seen = {hbond_pattern(mol)}  # neutral patterns looked at (symmetric tautomers are one state)
    kept = [hbond_pattern(primary)]  # patterns of the states kept, as protonated
    states = []
    candidates = 0
    for score, smiles, tautomer in sorted(scored, key=lambda item: (-item[0], item[1])):
        if score < best or len(states) >= count or candidates >= MAX_STATE_CANDIDATES:
            break
        if carbon_hydrogens(tautomer) != hydrogens:
            continue
        tautomer = Chem.MolFromSmiles(smiles)
        if tautomer is None or specified_stereo_count(tautomer) != stereo or hbond_pattern(tautomer) in seen:
            continue
        seen.add(hbond_pattern(tautomer))
        candidates += 1
        try:
            state = protonate(tautomer, [])
        except LigandError:
            continue
        if hbond_pattern(state) in kept:
            continue
        kept.append(hbond_pattern(state))
        states.append(state)
    return states


def specified_stereo_count(mol):
    return sum(1 for info in Chem.FindPotentialStereo(mol) if info.specified == Chem.StereoSpecified.Specified)


def unspecified_stereo(mol):
    """Unassigned stereocentres and double bonds; invertible amine N (protonated or not) do not count."""
    info = Chem.FindPotentialStereo(mol)
    return [i for i in info if i.specified == Chem.StereoSpecified.Unspecified
            and not (i.type != Chem.StereoType.Bond_Double and not_stereogenic(mol.GetAtomWithIdx(i.centeredOn)))]


def not_stereogenic(atom):
    """Invertible amine N, and sulfonyl/phosphoryl centres with two terminal O (RDKit 2022.09 flags -S(=O)(=O)- as
    tetrahedral or square-planar stereo)."""
    terminal_o = sum(1 for n in atom.GetNeighbors() if n.GetSymbol() == 'O' and n.GetDegree() == 1)
    return atom.GetSymbol() == 'N' or (atom.GetSymbol() in ('S', 'P') and terminal_o >= 2)


# ---------- 3D ----------

def cis_amide_count(mol, conf_id):
    conf = mol.GetConformer(conf_id)
    count = 0
    for o, c, n, r in mol.GetSubstructMatches(SECONDARY_AMIDE):
        dihedral = Chem.rdMolTransforms.GetDihedralDeg(conf, o, c, n, r)
        if abs(dihedral) > 90:
            count += 1
    return count


def embed(molh, seed, num_conformers):
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    params.maxIterations = 10 * molh.GetNumAtoms()  # dockstring: maxAttempts = 10 * number of atoms
    ids = list(AllChem.EmbedMultipleConfs(molh, numConfs=num_conformers, params=params))
    if not ids:
        params.useRandomCoords = True  # the documented fallback for hard cases (macrocycles, cages)
        ids = list(AllChem.EmbedMultipleConfs(molh, numConfs=num_conformers, params=params))
    return ids


def minimise(molh, notes):
    """MMFF94 on every conformer (UFF when MMFF has no parameters); returns one energy per conformer."""
    if AllChem.MMFFHasAllMoleculeParams(molh):
        results = AllChem.MMFFOptimizeMoleculeConfs(molh, maxIters=1000)
        field = 'MMFF94'
    elif AllChem.UFFHasAllMoleculeParams(molh):
        results = AllChem.UFFOptimizeMoleculeConfs(molh, maxIters=1000)
        field = 'UFF'
        notes.append('MMFF94 has no parameters for this molecule; minimised with UFF')
    else:
        raise LigandError('neither MMFF94 nor UFF has parameters for this molecule')
    return field, [energy for _not_converged, energy in results]


def ring_torsion_atoms(mol):
    """Endocyclic dihedrals (four consecutive ring atoms) of every ring that is neither fully aromatic nor opened as a
    macrocycle: the geometry Vina never changes (PDBQT ring bonds are rigid)."""
    quads = []
    flexible = set(openable_rings(mol))  # opened with glue atoms in the PDBQT: Vina flexes them
    for ring in mol.GetRingInfo().AtomRings():
        if all(mol.GetAtomWithIdx(a).GetIsAromatic() for a in ring) or tuple(ring) in flexible:
            continue
        size = len(ring)
        quads.extend(tuple(ring[(i + k) % size] for k in range(4)) for i in range(size))
    return quads


def angle_difference(a, b):
    d = abs(a - b) % 360
    return min(d, 360 - d)


def distinct_ring_conformers(molh, candidates, max_count, window):
    """Of (energy, conformer id) pairs, the lowest-energy one and then, in energy order, up to max_count - 1 more
    within `window` kcal/mol whose ring shape differs from every one kept (some endocyclic dihedral differs by more
    than RING_TORSION_DEG: another pucker, chair vs twist-boat, a mirror half-chair, another macrocycle shape)."""
    ordered = sorted(candidates)
    quads = ring_torsion_atoms(molh)
    if not quads or max_count <= 1:
        return ordered[:1]
    torsions = {cid: [Chem.rdMolTransforms.GetDihedralDeg(molh.GetConformer(cid), *q) for q in quads]
                for _energy, cid in ordered}
    kept = [ordered[0]]
    for energy, cid in ordered[1:]:
        if len(kept) >= max_count or energy - ordered[0][0] > window:
            break
        if all(max(angle_difference(a, b) for a, b in zip(torsions[cid], torsions[other])) > RING_TORSION_DEG
               for _e, other in kept):
            kept.append((energy, cid))
    return kept


def single_conformer(molh, cid):
    chosen = Chem.Mol(molh, confId=cid)
    conf = Chem.Conformer(molh.GetConformer(cid))
    chosen.RemoveAllConformers()
    chosen.AddConformer(conf, assignId=True)
    Chem.AssignStereochemistryFrom3D(chosen)
    return chosen


def build_3d(mol, seed, num_conformers, strategy, notes, ring_conformers=1):
    """Embed conformers (ETKDG v3, seeded), minimise, drop cis secondary amides, keep the lowest-energy conformer
    and up to ring_conformers - 1 others that differ from it in ring geometry (distinct_ring_conformers).

    strategy 'lowest-energy': the lowest-energy of num_conformers conformers (ring puckers and amides settle in their
    minimum, so the docking result depends far less on the seed); 'dockstring': its single embedding.
    Returns (molecule, info, [(molecule, energy), ...] of the other ring conformers).
    """
    molh = Chem.AddHs(mol)
    count = 1 if strategy == 'dockstring' else num_conformers
    for attempt in range(3):
        ids = embed(molh, seed + attempt, count)
        if not ids:
            continue
        field, energies = minimise(molh, notes)
        candidates = [(energies[i], cid) for i, cid in enumerate(ids) if cis_amide_count(molh, cid) == 0]
        rejected = len(ids) - len(candidates)
        if rejected:
            notes.append(f'rejected {rejected} conformer(s) with a cis secondary amide')
        if candidates:
            kept = distinct_ring_conformers(molh, candidates, ring_conformers, RING_ENERGY_WINDOW)
            energy, best = kept[0]
            others = [(single_conformer(molh, cid), e) for e, cid in kept[1:]]
            return single_conformer(molh, best), {'forceField': field, 'energyKcalMol': energy,
                                                  'conformers': len(ids), 'seed': seed + attempt}, others
        notes.append(f'embedding round {attempt + 1} gave only cis amides; re-embedding with seed {seed + attempt + 1}')
    raise LigandError('RDKit ETKDG could not embed a 3D conformer without cis amides (3 rounds)')


# ---------- files ----------

def has_3d(mol):
    if mol.GetNumConformers() == 0:
        return False
    conf = mol.GetConformer()
    return conf.Is3D() and any(abs(conf.GetAtomPosition(i).z) > 1e-4 for i in range(mol.GetNumAtoms()))


def read_first_molecule(path, fmt, work_dir, notes):
    """RDKit molecule (hydrogens kept) from SDF/MOL2/PDB; MOL2 and PDB go through Open Babel's bond perception."""
    if fmt != 'sdf':
        sdf = os.path.join(work_dir, 'input_converted.sdf')
        run_obabel([f'-i{fmt}', path, '-osdf', '-O', sdf, '-l', '1'])
        notes.append(f'{fmt.upper()} read through Open Babel (bond orders perceived)')
        path = sdf
    supplier = Chem.SDMolSupplier(path, removeHs=False, sanitize=True)
    mol = next(iter(supplier), None) if len(supplier) else None
    if mol is None:
        raise LigandError(f'cannot read a molecule from the {fmt.upper()} file')
    if len(supplier) > 1:
        notes.append(f'the file has {len(supplier)} molecules; used the first')
    return mol


def write_pdbqt(mol, mol_path, pdbqt_path, name, notes):
    """Open Babel's atom lines (AD4 types, Gasteiger charges, non-polar H merged) with our Meeko-rule torsion tree
    (pdbqt_tree.py: Open Babel freezes bonds such as imatinib's anilino NH-C(pyrimidine)). Returns the torsions."""
    run_obabel(['-isdf', mol_path, '-opdbqt', '-O', pdbqt_path, '--partialcharge', 'gasteiger'])
    if not os.path.exists(pdbqt_path) or os.path.getsize(pdbqt_path) == 0:
        raise LigandError('Open Babel wrote no PDBQT')
    ob_text = open(pdbqt_path).read()
    remarks = [f'REMARK  Name = {name}', f'REMARK SMILES {Chem.MolToSmiles(Chem.RemoveHs(mol))}']
    try:
        text, torsions = build_pdbqt(mol, ob_text, remarks)
    except Exception as error:  # noqa: BLE001 - a tree we cannot build must not fail the ligand: Open Babel's is valid
        ob_torsions = re.search(r'^TORSDOF\s+(\d+)', ob_text, re.M)
        notes.append(f'kept Open Babel\'s PDBQT torsion tree ({error})')
        return int(ob_torsions.group(1)) if ob_torsions else None
    with open(pdbqt_path, 'w') as handle:
        handle.write(text)
    if any(line.endswith(' G0') for line in text.splitlines()):
        notes.append(f'macrocycle: one ring bond opened with Vina glue atoms (CG0/G0), the ring flexes while docking '
                     f'({len(torsions)} active torsions)')
    return int(re.search(r'^TORSDOF\s+(\d+)', text, re.M).group(1))


def write_sdf(mol, path, name):
    mol = Chem.Mol(mol)
    mol.SetProp('_Name', name)
    writer = Chem.SDWriter(path)
    writer.write(mol)
    writer.close()


def prepare_from_smiles(smiles, req, notes):
    """The prepared molecule (the input's tautomer protonated for pH 7.4, its lowest-energy conformer), its info, and
    the variants to dock besides it: its other ring conformers and the other protonation/tautomer states (each with
    its own lowest-energy conformer and ring conformers), each state's conformer 1 first, MAX_DOCKINGS in all."""
    mol = standardise(parse_smiles(smiles), notes)
    strategy = req.get('strategy', 'lowest-energy')
    dockstring = strategy == 'dockstring'
    primary = protonate(mol, notes, dockstring=dockstring)
    for stereo in unspecified_stereo(primary):
        kind = 'double bond' if stereo.type == Chem.StereoType.Bond_Double else 'stereocentre'
        notes.append(f'unspecified {kind} at index {stereo.centeredOn}: the embedding chose one isomer')
    states = [primary]
    if not dockstring and req.get('states', 1) > 1:
        states += other_states(mol, primary, req['states'] - 1, notes)
    built = [build_3d(state, req['seed'], req.get('numConformers', 10), strategy, notes if index == 0 else [],
                      req.get('ringConformers', 1)) for index, state in enumerate(states)]
    runs = sorted((k, s) for s, (_mol, _info, others) in enumerate(built) for k in range(len(others) + 1))
    variants = []
    for k, s in runs[1:MAX_DOCKINGS]:
        state_mol, state_info, others = built[s]
        conformer, energy = (state_mol, state_info['energyKcalMol']) if k == 0 else others[k - 1]
        ring = f'ring conformer {k + 1}'
        label = ring if s == 0 else f'tautomer {s + 1}' + (f', {ring}' if k else '')
        folder = os.path.join(*([f'state{s + 1}'] if s else []), *([f'conformer{k + 1}'] if k else []))
        variants.append({'mol': conformer, 'label': label, 'folder': folder, 'state': s + 1,
                         'smiles': Chem.MolToSmiles(Chem.RemoveHs(state_mol)),
                         'netCharge': Chem.GetFormalCharge(state_mol), 'energyKcalMol': energy,
                         'deltaKcalMol': energy - state_info['energyKcalMol']})
    if len(states) > 1:
        described = '; '.join(f'{i} {Chem.MolToSmiles(Chem.RemoveHs(state))} (net charge '
                              f'{Chem.GetFormalCharge(state):+d}{", as given" if i == 1 else ""})'
                              for i, state in enumerate(states, start=1))
        notes.append(f'{len(states)} protonation/tautomer states at pH {PH} with different hydrogen-bond donors or '
                     f'acceptors are docked: {described}; the best score wins')
        left_out = len(runs) - MAX_DOCKINGS
        notes.append(f'{min(len(runs), MAX_DOCKINGS)} dockings in all (ring conformers x states, at most {MAX_DOCKINGS}'
                     + (f'; {left_out} ring conformer(s) left out)' if left_out > 0 else ')'))
    main, info, _others = built[0]
    return main, info, variants


def prepare(req):
    notes = []
    out_dir = req['outDir']
    os.makedirs(out_dir, exist_ok=True)
    template_path = os.path.join(out_dir, 'ligand_prepared.sdf')
    pdbqt_path = os.path.join(out_dir, 'ligand.pdbqt')
    info = {}
    others = []
    if 'smiles' in req:
        mol, info, others = prepare_from_smiles(req['smiles'], req, notes)
    else:
        fmt = req['format']
        if fmt == 'pdbqt':
            return prepare_pdbqt(req['file'], out_dir, template_path, notes)
        mol = read_first_molecule(req['file'], fmt, out_dir, notes)
        if not has_3d(mol):
            notes.append('the file has no 3D coordinates; prepared from its SMILES like a SMILES input')
            mol, info, others = prepare_from_smiles(Chem.MolToSmiles(Chem.RemoveHs(mol)), req, notes)
        elif not any(a.GetAtomicNum() == 1 for a in mol.GetAtoms()):
            # 3D without hydrogens (typical of crystal ligands): Open Babel adds pH 7.4 hydrogens in place.
            heavy = os.path.join(out_dir, 'input_heavy.sdf')
            write_sdf(mol, heavy, req['name'])
            run_obabel(['-isdf', heavy, '-osdf', '-O', template_path, f'-p{PH}'])
            mol = Chem.MolFromMolFile(template_path, removeHs=False)
            if mol is None:
                raise LigandError(f'Open Babel pH {PH} hydrogens gave a molecule RDKit cannot read')
            notes.append(f'3D coordinates kept; hydrogens added for pH {PH} by Open Babel')
        else:
            notes.append('3D coordinates and hydrogens kept as given')
    write_sdf(mol, template_path, req['name'])
    torsions = write_pdbqt(mol, template_path, pdbqt_path, req['name'], notes)
    variants = []
    for other in others:
        variant_dir = os.path.join(out_dir, other.pop('folder'))
        os.makedirs(variant_dir, exist_ok=True)
        variant_template = os.path.join(variant_dir, 'ligand_prepared.sdf')
        variant_pdbqt = os.path.join(variant_dir, 'ligand.pdbqt')
        conformer = other.pop('mol')
        write_sdf(conformer, variant_template, req['name'])
        write_pdbqt(conformer, variant_template, variant_pdbqt, req['name'], [])
        variants.append({**other, 'preparedPdbqtPath': variant_pdbqt, 'templatePath': variant_template})
    rings = [v for v in variants if v['state'] == 1]
    if rings:
        notes.append(f'{len(rings) + 1} conformers with different ring shapes (MMFF94 +' +
                     '/+'.join(f"{v['deltaKcalMol']:.1f}" for v in rings) + ' kcal/mol) are docked; the best score wins')
    return {'ok': True, 'preparedPdbqtPath': pdbqt_path, 'templatePath': template_path,
            'smiles': Chem.MolToSmiles(Chem.RemoveHs(mol)), 'netCharge': Chem.GetFormalCharge(mol),
            'heavyAtoms': Chem.RemoveHs(mol).GetNumAtoms(), 'torsions': torsions, 'notes': notes,
            'variants': variants, **info}


def prepare_pdbqt(path, out_dir, template_path, notes):
    """PDBQT is docked as given; the bond-order template comes from its REMARK SMILES (Meeko) or Open Babel."""
    text = open(path).read()
    if not re.search(r'^(ATOM|HETATM)', text, re.M):
        raise LigandError('the PDBQT file has no atoms')
    remark = re.search(r'^REMARK SMILES (\S+)\s*$', text, re.M)
    template = Chem.MolFromSmiles(remark.group(1)) if remark else None
    if template is not None:
        notes.append('bond-order template from the PDBQT REMARK SMILES')
        write_sdf(Chem.AddHs(template), template_path, 'template')
    else:
        run_obabel(['-ipdbqt', path, '-osdf', '-O', template_path, '-l', '1'])
        template = Chem.MolFromMolFile(template_path)
        notes.append('bond-order template perceived by Open Babel from the PDBQT')
    notes.append('PDBQT docked as given (coordinates, charges and torsion tree kept)')
    return {'ok': True, 'preparedPdbqtPath': path, 'templatePath': template_path,
            'smiles': Chem.MolToSmiles(template) if template is not None else None,
            'netCharge': Chem.GetFormalCharge(template) if template is not None else None,
            'heavyAtoms': template.GetNumAtoms() if template is not None else None, 'notes': notes}


# ---------- docked poses -> SDF with bond orders ----------

AD_ELEMENT = {'A': 'C', 'C': 'C', 'N': 'N', 'NA': 'N', 'NS': 'N', 'OA': 'O', 'OS': 'O', 'O': 'O', 'SA': 'S', 'S': 'S',
              'HD': 'H', 'HS': 'H', 'H': 'H', 'F': 'F', 'Cl': 'Cl', 'CL': 'Cl', 'Br': 'Br', 'BR': 'Br', 'I': 'I',
              'P': 'P', 'Si': 'Si', 'B': 'B', 'Se': 'Se'}


GLUE_PSEUDO_ATOM = re.compile(r'^G\d$')  # Meeko/our macrocycle G0..G3: a copy of the partner atom's position


def pdbqt_models(text):
    models, current = [], []
    for line in text.splitlines():
        if line.startswith(('ATOM', 'HETATM')):
            if GLUE_PSEUDO_ATOM.match(line[77:].strip()):
                continue
            current.append(line)
        elif line.startswith('ENDMDL'):
            models.append(current)
            current = []
    if current:
        models.append(current)
    return models


def model_to_pdb_block(atom_lines):
    out = []
    for i, line in enumerate(atom_lines, start=1):
        ad_type = line[77:].split()[0] if len(line) > 77 and line[77:].split() else line[12:16].strip()[:1]
        element = AD_ELEMENT.get(ad_type, re.sub(r'\d', '', ad_type)[:2].capitalize() or 'C')
        if re.match(r'^[CNOS]G?\d*$', ad_type) and ad_type not in AD_ELEMENT:  # Meeko macrocycle glue atoms
            element = ad_type[0]
        x, y, z = (float(line[30:38]), float(line[38:46]), float(line[46:54]))
        out.append(f'HETATM{i:5d} {line[12:16]} LIG L   1    {x:8.3f}{y:8.3f}{z:8.3f}  1.00  0.00          {element:>2s}')
    return '\n'.join(out) + '\nEND\n'


def pose_with_bond_orders(atom_lines, template_heavy):
    docked = Chem.MolFromPDBBlock(model_to_pdb_block(atom_lines), removeHs=False, sanitize=False, proximityBonding=True)
    if docked is None:
        raise ValueError('RDKit cannot read the docked pose')
    docked = Chem.RemoveHs(docked, sanitize=False)
    mol = AllChem.AssignBondOrdersFromTemplate(template_heavy, docked)
    Chem.AssignStereochemistryFrom3D(mol)
    return Chem.AddHs(mol, addCoords=True)


def write_poses(req):
    """All poses of one ligand in one SDF, bond orders from the prepared molecule (dockstring's method)."""
    notes = []
    template = Chem.MolFromMolFile(req['templatePath'], removeHs=False, sanitize=True)
    if template is None:
        return {'ok': False, 'reason': 'cannot read the prepared ligand template'}
    template_heavy = Chem.RemoveHs(template)
    models = pdbqt_models(open(req['posesPdbqtPath']).read())
    poses = req.get('poses', [])
    writer = Chem.SDWriter(req['outSdfPath'])
    fallback = False
    for index, atom_lines in enumerate(models):
        try:
            mol = pose_with_bond_orders(atom_lines, template_heavy)
        except Exception as error:  # noqa: BLE001 - any RDKit failure falls back to Open Babel for this pose
            fallback = True
            notes.append(f'pose {index + 1}: template bond orders failed ({error}); Open Babel perceived them')
            mol = obabel_pose(req['posesPdbqtPath'], index)
            if mol is None:
                continue
        mol.SetProp('_Name', req['name'])
        pose = poses[index] if index < len(poses) else {}
        mol.SetProp('rank', str(index + 1))
        for key in ('affinityKcalMol', 'rmsdLowerBound', 'rmsdUpperBound'):
            if pose.get(key) is not None:
                mol.SetProp(key, f'{pose[key]:.3f}')
        writer.write(mol)
    writer.close()
    return {'ok': True, 'poses': len(models), 'notes': notes, 'obabelFallback': fallback}


def obabel_pose(pdbqt_path, index):
    proc = run_obabel(['-ipdbqt', pdbqt_path, '-osdf', '-f', str(index + 1), '-l', str(index + 1)])
    return Chem.MolFromMolBlock(proc.stdout, removeHs=False, sanitize=False)


def main():
    req = json.loads(sys.stdin.read())
    try:
        if req['command'] == 'prepare':
            answer = prepare(req)
        elif req['command'] == 'poses':
            answer = write_poses(req)
        else:
            answer = {'ok': False, 'reason': f'unknown command {req["command"]}'}
    except LigandError as error:
        answer = {'ok': False, 'reason': str(error)}
    except Exception as error:  # noqa: BLE001 - RDKit raises many types; the ligand fails with the message
        answer = {'ok': False, 'reason': f'{type(error).__name__}: {error}'}
    print(json.dumps(answer, default=lambda v: None if isinstance(v, float) and math.isnan(v) else str(v)))


if __name__ == '__main__':
    main()
