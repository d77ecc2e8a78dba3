"""Ligand PDBQT torsion tree from RDKit's bond graph, with Meeko's rotatable-bond rules.

Why: Open Babel's PDBQT writer freezes some bonds Meeko (the AutoDock reference preparation) lets rotate. For
imatinib it keeps the anilino NH-C2(pyrimidine) bond rigid (amidine-like), so the prepared conformer's dihedral is
frozen and Vina can only find the crystal pose when the embedding happened to pick the right rotamer. Meeko gives
imatinib 7 torsions, Open Babel 6.

How: Open Babel still writes the atom lines (AutoDock 4 types, Gasteiger charges with the non-polar hydrogens merged
into their heavy atom): atom typing and charges stay exactly what they were and what the receptor preparation uses.
Only the ROOT/BRANCH tree and TORSDOF are rebuilt here. Open Babel writes the input coordinates unchanged, so each
of its atom lines is matched to the RDKit atom at the same position.

Rotatable bond (Meeko's BondTyperLegacy): single, not in a ring, neither atom terminal once non-polar hydrogens are
merged (a methyl, CF3's F, a halogen is terminal; -OH and -NH3+ keep polar H and are not), not an amide or amidine
C-N ([NX3]-[CX3]=[O,N], non-aromatic double bond), except tertiary amides whose two N-substituents differ (Meeko
lets those rotate). One addition: a bond into a linear sp chain (alkyne, nitrile, allene) rotates nothing when the
chain ends in a terminal atom, and the two bonds at both ends of X-C#C-Y describe one dihedral, so only one of them
is a torsion. Root: the rigid fragment at the centre of the fragment tree (leaves stripped until one or two remain;
of two, the larger), as Meeko's set_graph_root. Macrocycles (12-33 atoms) are opened at one C-C bond with Vina 1.2's
glue atoms (CG0/G0), see MACROCYCLE_MIN below.
"""
from collections import defaultdict

from rdkit import Chem

AMIDE = Chem.MolFromSmarts('[NX3]-[CX3]=[O,N]')
TERTIARY_AMIDE = Chem.MolFromSmarts('[NX3]([!#1])([!#1])-[CX3]=[O,N]')
MATCH_TOLERANCE = 0.02  # Angstrom: PDBQT keeps 3 decimals of the SDF's 4


class TreeError(Exception):
    """The Open Babel atoms do not match the molecule, or the molecule is not one connected piece."""


def parse_atom_lines(pdbqt_text):
    atoms = []
    for line in pdbqt_text.splitlines():
        if line.startswith(('ATOM', 'HETATM')):
            atoms.append((line, (float(line[30:38]), float(line[38:46]), float(line[46:54]))))
    return atoms


def match_atoms(mol, atoms):
    """RDKit atom index for each PDBQT atom line, by position (every PDBQT atom must match exactly one atom)."""
    conf = mol.GetConformer()
    positions = [conf.GetAtomPosition(i) for i in range(mol.GetNumAtoms())]
    mapping = []
    for line, (x, y, z) in atoms:
        best, best_d = None, MATCH_TOLERANCE
        for i, p in enumerate(positions):
            d = ((p.x - x) ** 2 + (p.y - y) ** 2 + (p.z - z) ** 2) ** 0.5
            if d <= best_d:
                best, best_d = i, d
        if best is None:
            raise TreeError(f'PDBQT atom at ({x:.3f}, {y:.3f}, {z:.3f}) matches no atom of the molecule')
        mapping.append(best)
    if len(set(mapping)) != len(mapping):
        raise TreeError('two PDBQT atoms match the same atom of the molecule')
    return mapping


def rotatable_bonds(mol, kept, glued=frozenset()):
    """Bonds (i, j), i < j, that become torsions; kept = indices of the atoms written to the PDBQT; glued = atoms of
    opened macrocycle bonds (their G pseudo-atom is one more neighbour: the bond to a CG atom still moves its G)."""
    def kept_degree(idx):
        return sum(1 for n in mol.GetAtomWithIdx(idx).GetNeighbors() if n.GetIdx() in kept) + (idx in glued)

    def terminal(idx):
        return mol.GetAtomWithIdx(idx).GetAtomicNum() == 1 or kept_degree(idx) <= 1

    amides = {frozenset(m[:2]) for m in mol.GetSubstructMatches(AMIDE)}
    ranks = list(Chem.CanonicalRankAtoms(mol, breakTies=False))
    for n, r1, r2, c, _ in mol.GetSubstructMatches(TERTIARY_AMIDE):
        if ranks[r1] != ranks[r2]:
            amides.discard(frozenset((n, c)))

    result = []
    for bond in mol.GetBonds():
        i, j = sorted((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
        if i not in kept or j not in kept:
            continue
        if bond.GetBondType() != Chem.BondType.SINGLE or bond.IsInRing():
            continue
        if terminal(i) or terminal(j) or frozenset((i, j)) in amides:
            continue
        if not linear_chain_torsion(mol, i, j, terminal):
            continue
        result.append((i, j))
    return result


def is_linear(atom):
    """sp atom: a triple bond or two double bonds (the bonds through it are collinear)."""
    bonds = [b.GetBondType() for b in atom.GetBonds()]
    return Chem.BondType.TRIPLE in bonds or bonds.count(Chem.BondType.DOUBLE) == 2


def linear_chain_torsion(mol, i, j, terminal):
    """False when rotating i-j only spins a collinear chain, or when the same dihedral is already the torsion at the
    chain's other end (kept: the end with the lower atom index)."""
    for start, sp in ((i, j), (j, i)):
        if not is_linear(mol.GetAtomWithIdx(sp)):
            continue
        previous, current = start, sp
        while is_linear(mol.GetAtomWithIdx(current)):
            nxt = [n.GetIdx() for n in mol.GetAtomWithIdx(current).GetNeighbors() if n.GetIdx() != previous]
            if len(nxt) != 1:
                return False  # a linear atom with one neighbour ends the chain (e.g. nitrile N): nothing rotates
            previous, current = current, nxt[0]
        end = current
        if terminal(end):
            return False
        if end < start:
            return False
    return True


def rigid_fragments(mol, kept, torsions):
    """Union-find of the kept atoms over non-rotatable bonds: one list of atom indices per rigid fragment."""
    parent = {i: i for i in kept}

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    torsion_set = set(torsions)
    for bond in mol.GetBonds():
        i, j = sorted((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
        if i in kept and j in kept and (i, j) not in torsion_set:
            parent[find(i)] = find(j)
    groups = defaultdict(list)
    for i in sorted(kept):
        groups[find(i)].append(i)
    fragments = sorted(groups.values(), key=lambda members: members[0])
    return fragments


def central_fragment(mol, kept, fragment_of, sizes):
    """The rigid fragment holding the heavy-atom graph centre (smallest eccentricity in bonds); of several, the largest.

    This is where Meeko put the root of the reference 1iep_ligand.pdbqt (imatinib: the amide, whose N is the centre).
    Rooting at the centre of the fragment tree instead (strip leaf fragments) picked the tolyl ring there, and docking
    the crystal ligand at exhaustiveness 8 then landed 2/4 Vina seeds within 2 A instead of 4/4 (DOCKING_SCIENCE.md 3a).
    """
    heavy = [i for i in sorted(kept) if mol.GetAtomWithIdx(i).GetAtomicNum() > 1]
    distances = Chem.GetDistanceMatrix(mol)
    eccentricity = {i: max(distances[i][j] for j in heavy) for i in heavy}
    centre = min(eccentricity.values())
    candidates = sorted({fragment_of[i] for i in heavy if eccentricity[i] == centre})
    return max(candidates, key=lambda f: (sizes[f], -f))


# Macrocycles (Meeko's FlexMacrocycle, Forli & Botta 2007): a non-aromatic ring of 12-33 atoms is opened at one
# C-C bond (both AutoDock type C, not in a rigid ring: aromatic or under 7 atoms); its two carbons become CG<n> and
# each gets a G<n> pseudo-atom at its partner's position, which Vina 1.2's glue term pulls back together, so the ring
# flexes. Bond score 100, -50 double, -30 triple... as Meeko: -30 conjugated, -20 a chiral atom; the opening kept is
# the one with the best score + 10 x (tree depth of the rigid ring - tree depth once opened).
# Meeko's default lower bound is 7; measured here, opening the Aurora A ligand's fused cycloheptane let the glued bond's
# free angles bend the fused system (top pose -14.1 kcal/mol, 8.0 A off; its ring conformers give 0.75 A), so medium
# rings (7-11 atoms, few puckers) are left to ring conformers (mad_chem.py) and only larger rings are opened.
MACROCYCLE_MIN, MACROCYCLE_MAX, MAX_BREAKS = 12, 33, 4
CONJUGATED = Chem.MolFromSmarts('*=*[*]=,#,:[*]')


def tree_of(mol, kept, glued=frozenset()):
    """(torsions, fragments, fragment_of, graph, edge_atoms, root) for the molecule's current bonds."""
    torsions = rotatable_bonds(mol, kept, glued)
    fragments = rigid_fragments(mol, kept, torsions)
    fragment_of = {a: f for f, members in enumerate(fragments) for a in members}
    graph = {f: set() for f in range(len(fragments))}
    edge_atoms = {}
    for i, j in torsions:
        fi, fj = fragment_of[i], fragment_of[j]
        graph[fi].add(fj)
        graph[fj].add(fi)
        edge_atoms[(fi, fj)] = (i, j)
        edge_atoms[(fj, fi)] = (j, i)
    if len(fragments) - 1 != len(torsions) or not connected(graph):
        raise TreeError('the molecule is not one connected piece; cannot build one torsion tree')
    root = central_fragment(mol, kept, fragment_of, [len(m) for m in fragments])
    return torsions, fragments, fragment_of, graph, edge_atoms, root


def tree_depth(graph, root):
    depth, frontier, seen = 0, [root], {root}
    while True:
        nxt = [n for f in frontier for n in graph[f] if n not in seen]
        if not nxt:
            return depth
        seen.update(nxt)
        frontier, depth = nxt, depth + 1


def ring_bonds(mol, ring):
    return [mol.GetBondBetweenAtoms(ring[k], ring[(k + 1) % len(ring)]).GetIdx() for k in range(len(ring))]


def openable_rings(mol):
    """Atom tuples of the rings build_pdbqt can open (12-33 atoms, not aromatic, with a C-C bond between non-aromatic
    carbons outside every rigid ring): their shape is Vina's to change, so no conformer needs to differ in it."""
    rings = [list(r) for r in mol.GetRingInfo().AtomRings()]
    aromatic = lambda r: all(mol.GetAtomWithIdx(a).GetIsAromatic() for a in r)  # noqa: E731
    rigid = {b for r in rings if aromatic(r) or len(r) < MACROCYCLE_MIN for b in ring_bonds(mol, r)}
    carbon = lambda i: mol.GetAtomWithIdx(i).GetSymbol() == 'C' and not mol.GetAtomWithIdx(i).GetIsAromatic()  # noqa: E731
    return [tuple(r) for r in rings if not aromatic(r) and MACROCYCLE_MIN <= len(r) <= MACROCYCLE_MAX and any(
        b not in rigid and carbon(mol.GetBondWithIdx(b).GetBeginAtomIdx()) and carbon(mol.GetBondWithIdx(b).GetEndAtomIdx())
        for b in ring_bonds(mol, r))]


def macrocycle_openings(mol, ad_type):
    """Candidate sets of bonds to break (one per macrocycle, atoms used once), each with Meeko's mean bond score."""
    rings = [list(r) for r in mol.GetRingInfo().AtomRings()]
    aromatic = lambda r: all(mol.GetAtomWithIdx(a).GetIsAromatic() for a in r)  # noqa: E731
    macro = [r for r in rings if not aromatic(r) and MACROCYCLE_MIN <= len(r) <= MACROCYCLE_MAX]
    if not macro:
        return []
    rigid = {b for r in rings if aromatic(r) or len(r) < MACROCYCLE_MIN for b in ring_bonds(mol, r)}
    conjugated = {mol.GetBondBetweenAtoms(m[1], m[2]).GetIdx() for m in mol.GetSubstructMatches(CONJUGATED)}
    chiral = {a.GetIdx() for a in mol.GetAtoms() if a.GetChiralTag() != Chem.ChiralType.CHI_UNSPECIFIED}
    scores = {}
    for ring in macro:
        for b in ring_bonds(mol, ring):
            bond = mol.GetBondWithIdx(b)
            i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
            if b in rigid or ad_type.get(i) != 'C' or ad_type.get(j) != 'C':
                continue
            order = bond.GetBondType()
            if order not in (Chem.BondType.SINGLE, Chem.BondType.DOUBLE, Chem.BondType.TRIPLE):
                continue
            score = 100 - (50 if order == Chem.BondType.DOUBLE else 30 if order == Chem.BondType.TRIPLE else 0)
            score -= 30 if b in conjugated else 0
            score -= 20 if (i in chiral or j in chiral) else 0
            if score > 0:
                scores[b] = score
    combos = set()

    def extend(chosen, used_atoms):
        open_rings = [r for r in macro if not set(ring_bonds(mol, r)) & set(chosen)]
        if not open_rings or len(chosen) == MAX_BREAKS or len(combos) > 500:
            if chosen:
                combos.add(tuple(sorted(chosen)))
            return
        grew = False
        for b in sorted(scores):
            bond = mol.GetBondWithIdx(b)
            ends = {bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()}
            if b in chosen or ends & used_atoms or b not in set().union(*(ring_bonds(mol, r) for r in open_rings)):
                continue
            grew = True
            extend(chosen + [b], used_atoms | ends)
        if not grew and chosen:
            combos.add(tuple(sorted(chosen)))

    extend([], set())
    most = max((len(c) for c in combos), default=0)
    return [(c, sum(scores[b] for b in c) / len(c)) for c in sorted(combos) if len(c) == most]


def opened(mol, bonds):
    rw = Chem.RWMol(mol)
    pairs = []
    for b in sorted(bonds, reverse=True):
        bond = mol.GetBondWithIdx(b)
        pairs.append((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
        rw.RemoveBond(*pairs[-1])
    broken = rw.GetMol()
    broken.UpdatePropertyCache(strict=False)
    Chem.FastFindRings(broken)
    return broken, sorted(pairs)


def build_pdbqt(mol, ob_pdbqt_text, remarks=(), macrocycles=True):
    """PDBQT text with Open Babel's atom lines and a Meeko-rule torsion tree (macrocycles opened with glue atoms);
    returns (text, torsions as index pairs)."""
    atoms = parse_atom_lines(ob_pdbqt_text)
    if not atoms:
        raise TreeError('Open Babel wrote no atoms')
    mapping = match_atoms(mol, atoms)
    line_of = {idx: atoms[k][0] for k, idx in enumerate(mapping)}
    kept = set(mapping)
    ad_type = {idx: line[77:].strip() for idx, line in line_of.items()}
    tree = tree_of(mol, kept)
    rigid_torsions = tree[0]
    glue = []  # (atom, partner) pairs of opened bonds, numbered in order
    if macrocycles:
        rigid_depth = tree_depth(tree[3], tree[5])
        best = None
        for bonds, score in macrocycle_openings(mol, ad_type):
            broken, pairs = opened(mol, bonds)
            candidate = tree_of(broken, kept, frozenset(a for pair in pairs for a in pair))
            total = score + 10 * (rigid_depth - tree_depth(candidate[3], candidate[5]))
            if best is None or total > best[0]:
                best = (total, candidate, pairs)
        if best is not None:
            tree, glue = best[1], best[2]
    torsions, fragments, fragment_of, graph, edge_atoms, root = tree
    closure = {}
    for n, (i, j) in enumerate(glue):
        closure[i] = (n, j)
        closure[j] = (n, i)
    out = list(remarks)
    if glue:
        out.append(None)  # the glue remark, once the CG atoms have serials
        glue_remark = len(out) - 1
    serial = {}
    conf = mol.GetConformer()

    def emit(members, first=None):
        order = ([first] if first is not None else []) + [a for a in members if a != first]
        for a in order:
            serial[a] = len(serial) + 1
            line = line_of[a]
            if a not in closure:
                out.append(f'{line[:6]}{serial[a]:5d}{line[11:]}')
                continue
            n, partner = closure[a]
            out.append(f'{line[:6]}{serial[a]:5d}{line[11:77]}CG{n}')
            p = conf.GetAtomPosition(partner)
            serial[('G', a)] = len(serial) + 1
            out.append(f'{line[:6]}{serial[("G", a)]:5d}  G{n} {line[16:30]}{p.x:8.3f}{p.y:8.3f}{p.z:8.3f}'
                       f'{line[54:70]}+0.000 G{n}')

    out.append('ROOT')
    emit(fragments[root])
    out.append('ENDROOT')

    def visit(fragment, parent):
        for child in sorted(graph[fragment]):
            if child == parent:
                continue
            a, b = edge_atoms[(fragment, child)]
            out.append(None)  # BRANCH line filled once b has its serial
            at = len(out) - 1
            emit(fragments[child], first=b)
            out[at] = f'BRANCH {serial[a]:3d} {serial[b]:3d}'
            visit(child, fragment)
            out.append(f'ENDBRANCH {serial[a]:3d} {serial[b]:3d}')

    visit(root, None)
    if glue:
        out[glue_remark] = 'REMARK  macrocycle opened, glue bonds: ' + ', '.join(
            f'CG{n} {serial[i]}-{serial[j]}' for n, (i, j) in enumerate(glue))
    # TORSDOF as Meeko writes it for an opened macrocycle: the torsions of the closed molecule (Vina 1.2.3 counts
    # BRANCH records, not this number, for its torsional term)
    torsdof = len(rigid_torsions) if glue else len(torsions)
    out.append(f'TORSDOF {torsdof}')
    return '\n'.join(out) + '\n', torsions


def connected(graph):
    if not graph:
        return False
    seen, stack = set(), [next(iter(graph))]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(graph[v] - seen)
    return len(seen) == len(graph)
