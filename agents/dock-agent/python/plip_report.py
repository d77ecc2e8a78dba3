#!/usr/bin/python3
"""PLIP's XML report (plipcmd -x) of one docked pose as typed interactions (DOCKING_SCIENCE.md "Interactions").

Usage: plip_report.py REPORT_XML COMPLEX_PDB LIGAND_HETID LIGAND_CHAIN LIGAND_FIRST_SERIAL
Prints one JSON object: {"ok": true, "plipVersion": "2.2.2", "interactions": [...]} or {"ok": false, "reason": ...}.

Standard library only (xml.etree): PLIP's report names atoms by their serial in the complex it read, so the complex
PDB gives their names; the ligand's atoms are the ones from LIGAND_FIRST_SERIAL on (index 1 = that serial).
"""
import json
import sys
import xml.etree.ElementTree as ET


def atom_names(pdb_path):
    names = {}
    with open(pdb_path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith(("ATOM", "HETATM")):
                try:
                    names[int(line[6:11])] = line[12:16].strip()
                except ValueError:
                    continue
    return names


def text(node, tag):
    child = node.find(tag)
    return None if child is None or child.text is None else child.text.strip()


def number(node, tag):
    value = text(node, tag)
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def integer(node, tag):
    value = number(node, tag)
    return None if value is None else int(value)


def point(node, tag):
    child = node.find(tag)
    if child is None:
        return None
    values = [number(child, axis) for axis in ("x", "y", "z")]
    if any(v is None for v in values):
        return None
    return {"x": values[0], "y": values[1], "z": values[2]}


def idx_list(node, tag):
    child = node.find(tag)
    if child is None:
        return []
    out = []
    for idx in child.findall("idx"):
        try:
            out.append(int(idx.text.strip()))
        except (AttributeError, ValueError):
            continue
    return out


def truthy(node, tag):
    return text(node, tag) == "True"


def rounded(value, digits=2):
    return None if value is None else round(value, digits)


class Atoms:
    def __init__(self, names, first_ligand_serial):
        self.names = names
        self.first = first_ligand_serial

    def ligand(self, serials):
        return [
            {"index": s - self.first + 1, "name": self.names.get(s, "")}
            for s in serials
            if s is not None and s >= self.first
        ]

    def protein(self, serials):
        return [{"serial": s, "name": self.names.get(s, "")} for s in serials if s is not None and s < self.first]


def residue(node):
    return {
        "name": (text(node, "restype") or "").upper(),
        "number": integer(node, "resnr") or 0,
        "chain": text(node, "reschain") or "",
    }


def interaction(kind, node, atoms, ligand, protein, distance, angle, ligand_point, protein_point, detail):
    return {
        "type": kind,
        "residue": residue(node),
        "ligandAtoms": atoms.ligand(ligand),
        "proteinAtoms": atoms.protein(protein),
        "distance": rounded(distance),
        "angle": rounded(angle, 1),
        "ligandPoint": ligand_point,
        "proteinPoint": protein_point,
        "detail": detail,
    }


def hydrogen_bond(node, atoms):
    prot_donor = truthy(node, "protisdon")
    donor, acceptor = integer(node, "donoridx"), integer(node, "acceptoridx")
    ligand, protein = (acceptor, donor) if prot_donor else (donor, acceptor)
    role = "protein donor" if prot_donor else "ligand donor"
    chain = "side chain" if truthy(node, "sidechain") else "backbone"
    h_a = number(node, "dist_h-a")
    detail = f"{role}, {chain}, H–A {h_a:.2f} Å" if h_a is not None else f"{role}, {chain}"
    return interaction("hydrogen_bond", node, atoms, [ligand], [protein], number(node, "dist_d-a"),
                       number(node, "don_angle"), point(node, "ligcoo"), point(node, "protcoo"), detail)


def hydrophobic(node, atoms):
    return interaction("hydrophobic", node, atoms, [integer(node, "ligcarbonidx")], [integer(node, "protcarbonidx")],
                       number(node, "dist"), None, point(node, "ligcoo"), point(node, "protcoo"), None)


def water_bridge(node, atoms):
    prot_donor = truthy(node, "protisdon")
    donor, acceptor = integer(node, "donor_idx"), integer(node, "acceptor_idx")
    ligand, protein = (acceptor, donor) if prot_donor else (donor, acceptor)
    water = integer(node, "water_idx")
    detail = f"{'protein' if prot_donor else 'ligand'} donor, water {water}, D–W {number(node, 'dist_d-w') or 0:.2f} Å"
    return interaction("water_bridge", node, atoms, [ligand], [protein], number(node, "dist_a-w"),
                       number(node, "don_angle"), point(node, "ligcoo"), point(node, "protcoo"), detail)


def salt_bridge(node, atoms):
    charge = "protein positive" if truthy(node, "protispos") else "protein negative"
    group = text(node, "lig_group")
    return interaction("salt_bridge", node, atoms, idx_list(node, "lig_idx_list"), idx_list(node, "prot_idx_list"),
                       number(node, "dist"), None, point(node, "ligcoo"), point(node, "protcoo"),
                       f"{charge}, ligand {group}" if group else charge)


def pi_stack(node, atoms):
    kind = {"P": "parallel", "T": "T-shaped"}.get(text(node, "type") or "", text(node, "type") or "")
    offset = number(node, "offset")
    detail = f"{kind} stacking, offset {offset:.2f} Å" if offset is not None else f"{kind} stacking"
    return interaction("pi_stacking", node, atoms, idx_list(node, "lig_idx_list"), idx_list(node, "prot_idx_list"),
                       number(node, "centdist"), number(node, "angle"), point(node, "ligcoo"), point(node, "protcoo"),
                       detail)


def pi_cation(node, atoms):
    charged = "protein charged" if truthy(node, "protcharged") else "ligand charged"
    group = text(node, "lig_group")
    return interaction("pi_cation", node, atoms, idx_list(node, "lig_idx_list"), idx_list(node, "prot_idx_list"),
                       number(node, "dist"), None, point(node, "ligcoo"), point(node, "protcoo"),
                       f"{charged}, ligand {group}" if group else charged)


def halogen_bond(node, atoms):
    chain = "side chain" if truthy(node, "sidechain") else "backbone"
    acc_angle = number(node, "acc_angle")
    detail = f"{chain}, acceptor angle {acc_angle:.1f}°" if acc_angle is not None else chain
    return interaction("halogen_bond", node, atoms, [integer(node, "don_idx")], [integer(node, "acc_idx")],
                       number(node, "dist"), number(node, "don_angle"), point(node, "ligcoo"), point(node, "protcoo"),
                       detail)


def metal_complex(node, atoms):
    # Only the ligand's own coordination of a metal is an interaction of the pose; the metal's other partners are not.
    if (text(node, "location") or "") != "ligand":
        return None
    geometry = text(node, "geometry")
    metal = text(node, "metal_type") or "metal"
    return interaction("metal_complex", node, atoms, [integer(node, "target_idx")], [integer(node, "metal_idx")],
                       number(node, "dist"), None, point(node, "targetcoo"), point(node, "metalcoo"),
                       f"{metal}, {geometry}" if geometry else metal)


SECTIONS = [
    ("hydrophobic_interactions", "hydrophobic_interaction", hydrophobic),
    ("hydrogen_bonds", "hydrogen_bond", hydrogen_bond),
    ("water_bridges", "water_bridge", water_bridge),
    ("salt_bridges", "salt_bridge", salt_bridge),
    ("pi_stacks", "pi_stack", pi_stack),
    ("pi_cation_interactions", "pi_cation_interaction", pi_cation),
    ("halogen_bonds", "halogen_bond", halogen_bond),
    ("metal_complexes", "metal_complex", metal_complex),
]


def parse(report_path, complex_path, hetid, chain, first_serial):
    root = ET.parse(report_path).getroot()
    if root.tag != "report":
        return {"ok": False, "reason": f"not a PLIP report (root element {root.tag})"}
    version = text(root, "plipversion") or "unknown"
    atoms = Atoms(atom_names(complex_path), first_serial)
    sites = [
        site
        for site in root.findall("bindingsite")
        if text(site.find("identifiers"), "hetid") == hetid and text(site.find("identifiers"), "chain") == chain
    ]
    if not sites:
        found = [text(s.find("identifiers"), "hetid") for s in root.findall("bindingsite")]
        return {"ok": False, "reason": f"PLIP found no binding site of the ligand {hetid}:{chain} (sites: {found})"}
    out = []
    for site in sites:
        block = site.find("interactions")
        if block is None:
            continue
        for section, element, build in SECTIONS:
            for node in block.findall(f"{section}/{element}"):
                made = build(node, atoms)
                if made is not None and made["distance"] is not None and made["ligandPoint"] and made["proteinPoint"]:
                    out.append(made)
    return {"ok": True, "plipVersion": version, "interactions": out}


def main():
    if len(sys.argv) != 6:
        print(json.dumps({"ok": False, "reason": "usage: plip_report.py XML COMPLEX_PDB HETID CHAIN FIRST_SERIAL"}))
        return 2
    try:
        answer = parse(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    except (OSError, ET.ParseError, ValueError) as error:
        answer = {"ok": False, "reason": f"reading PLIP's report failed: {error}"}
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
