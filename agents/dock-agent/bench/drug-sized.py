#!/usr/bin/python3
"""Drug-sized ligands on the dockstring targets: the default preparation vs the `dockstring` strategy, one step at a time
(DOCKING_SCIENCE.md measurement 6). Prepares each ligand with python/mad_chem.py as the agent does, then docks every
prepared PDBQT with Vina (through bench/bin/vina-cached.mjs, so repeated identical runs are free) at dockstring's seed
and exhaustiveness 8, one Vina at a time, `--cpu 1`.

  drug-sized.py LIGANDS.tsv OUT_DIR VARIANT[,VARIANT...] [ligand names, comma-separated]
  (docking order: ligand by ligand, in the order of the names given, else the quickest first)
  drug-sized.py table OUT_DIR VARIANT,VARIANT,...

LIGANDS.tsv: target, name, SMILES, molecular formula (tab-separated). Results: OUT_DIR/results.jsonl, one line per
(ligand, variant, conformer) docked. Environment: VINA_CACHE_DIR (required), DOCKSTRING_DIR (default
../shared/data/dockstring from the repo root), WAIT_FOR (a file: dock only once it exists).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'python'))
import mad_chem  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DOCKSTRING = os.environ.get('DOCKSTRING_DIR', os.path.join(REPO, '..', 'shared', 'data', 'dockstring'))
VINA_CACHED = os.path.join(REPO, 'bench', 'bin', 'vina-cached.mjs')
SEED = 974528263  # dockstring's default seed, for the embedding and for Vina
EXHAUSTIVENESS = 8

# A variant = preparation request fields + what to do with the PDBQT.
VARIANTS = {
    # the platform's strategies as the agent runs them
    'default': {'strategy': 'lowest-energy', 'numConformers': 10, 'ringConformers': 3},
    'dockstring': {'strategy': 'dockstring', 'numConformers': 10, 'ringConformers': 1},
    # one step at a time
    'default-1conf': {'strategy': 'lowest-energy', 'numConformers': 10, 'ringConformers': 1},
    'dockstring-obtree': {'strategy': 'dockstring', 'numConformers': 10, 'ringConformers': 1, 'obtree': True},
    'default-1conf-obtree': {'strategy': 'lowest-energy', 'numConformers': 10, 'ringConformers': 1, 'obtree': True},
    'default-first': {'strategy': 'lowest-energy', 'numConformers': 1, 'ringConformers': 1},
    # prep-2026.12-6's default: ring conformers by the full MMFF94 energy only (no extended conformer)
    'default-6': {'strategy': 'lowest-energy', 'numConformers': 10, 'ringConformers': 3, 'vacuumOnly': True},
}
SPEC_ONLY = ('obtree', 'vacuumOnly')


def ligands(path):
    for line in open(path):
        if line.strip() and not line.startswith('#'):
            target, name, smiles, formula = line.rstrip('\n').split('\t')[:4]
            yield {'target': target, 'name': name, 'smiles': smiles, 'formula': formula}


def prepare(lig, variant, out_dir):
    spec = VARIANTS[variant]
    req = {'command': 'prepare', 'name': lig['name'], 'outDir': out_dir, 'seed': SEED, 'smiles': lig['smiles'],
           **{k: v for k, v in spec.items() if k not in SPEC_ONLY}}
    unbiased = mad_chem.energies_without_electrostatics
    if spec.get('vacuumOnly'):
        mad_chem.energies_without_electrostatics = lambda _molh: None
    try:
        answer = mad_chem.prepare(req)
    finally:
        mad_chem.energies_without_electrostatics = unbiased
    runs = [('conformer 1', answer['preparedPdbqtPath'])] + [(v['label'], v['preparedPdbqtPath'])
                                                             for v in answer.get('variants', [])]
    if spec.get('obtree'):
        # Open Babel's own PDBQT (its torsion tree), as dockstring writes it.
        ob_runs = []
        for label, pdbqt in runs:
            sdf = os.path.join(os.path.dirname(pdbqt), 'ligand_prepared.sdf')
            ob = os.path.join(os.path.dirname(pdbqt), 'ligand_obabel.pdbqt')
            mad_chem.run_obabel(['-isdf', sdf, '-opdbqt', '-O', ob, '--partialcharge', 'gasteiger'])
            ob_runs.append((label, ob))
        runs = ob_runs
    return answer, runs


def torsdof(path):
    match = re.search(r'^TORSDOF\s+(\d+)', open(path).read(), re.M)
    branches = sum(1 for line in open(path) if line.startswith('BRANCH'))
    return int(match.group(1)) if match else None, branches


def dock(lig, pdbqt, out_dir):
    target = os.path.join(DOCKSTRING, 'targets', f'{lig["target"]}_target.pdbqt')
    conf = os.path.join(DOCKSTRING, 'targets', f'{lig["target"]}_conf.txt')
    out = os.path.join(out_dir, os.path.basename(pdbqt).replace('.pdbqt', '_out.pdbqt'))
    args = ['node', VINA_CACHED, '--receptor', target, '--config', conf, '--ligand', pdbqt, '--exhaustiveness',
            str(EXHAUSTIVENESS), '--seed', str(SEED), '--cpu', '1', '--out', out]
    started = time.time()
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        return {'error': proc.stderr.strip()[-300:]}
    scores = [float(m) for m in re.findall(r'^REMARK VINA RESULT:\s+(-?\d+\.\d+)', open(out).read(), re.M)]
    return {'top': scores[0] if scores else None, 'wallSeconds': round(time.time() - started, 1), 'out': out}


def run(ligands_path, out_root, variants, names):
    results = os.path.join(out_root, 'results.jsonl')
    os.makedirs(out_root, exist_ok=True)
    chosen = [lig for lig in ligands(ligands_path) if not names or lig['name'] in names]
    # Prepare everything first (cheap, and the code is read once), then dock.
    plan = []
    for variant in variants:
        for lig in chosen:
            out_dir = os.path.join(out_root, lig['name'], variant)
            shutil.rmtree(out_dir, ignore_errors=True)
            answer, runs = prepare(lig, variant, out_dir)
            plan.append((variant, lig, answer, runs))
    # Ligand by ligand, every run of every variant of one ligand before the next (complete rows first): in the order
    # of the names given, else quick dockings first (fewest torsions, then heavy atoms, of the first variant).
    cost = {}
    for _variant, lig, answer, _runs in plan:
        cost.setdefault(lig['name'], (answer.get('torsions') or 0, answer.get('heavyAtoms') or 0))
    rank = (lambda lig: names.index(lig['name'])) if names else (lambda lig: (cost[lig['name']], chosen.index(lig)))
    order = sorted(range(len(plan)), key=lambda i: rank(plan[i][1]))
    queue = [(plan[i], run) for i in order for run in plan[i][3]]
    while os.environ.get('WAIT_FOR') and not os.path.exists(os.environ['WAIT_FOR']):
        time.sleep(10)  # another measurement's Vina runs first (one Vina at a time)
    for (variant, lig, answer, _runs), (label, pdbqt) in queue:
        tors, branches = torsdof(pdbqt)
        docked = dock(lig, pdbqt, os.path.dirname(pdbqt))
        line = {'ligand': lig['name'], 'target': lig['target'], 'variant': variant, 'run': label,
                'smiles': answer.get('smiles'), 'netCharge': answer.get('netCharge'),
                'heavyAtoms': answer.get('heavyAtoms'), 'torsdof': tors, 'branches': branches,
                'energyKcalMol': answer.get('energyKcalMol'), 'notes': answer.get('notes'), **docked,
                'load': open('/proc/loadavg').read().split()[0], 'at': time.strftime('%H:%M:%S', time.gmtime())}
        with open(results, 'a') as handle:
            handle.write(json.dumps(line) + '\n')
        print(json.dumps({k: line[k] for k in ('ligand', 'variant', 'run', 'top', 'torsdof', 'load')}), flush=True)


def table(out_root, variants):
    rows = {}
    for line in open(os.path.join(out_root, 'results.jsonl')):
        r = json.loads(line)
        if r.get('top') is None:
            continue
        key = (r['target'], r['ligand'])
        best = rows.setdefault(key, {}).get(r['variant'])
        if best is None or r['top'] < best['top']:
            rows[key][r['variant']] = r
    print('| target | ligand | ' + ' | '.join(variants) + ' |')
    print('|---|---|' + '---|' * len(variants))
    sums = {v: [] for v in variants}
    for (target, name), by in sorted(rows.items()):
        if not all(v in by for v in variants):
            continue
        cells = []
        for v in variants:
            sums[v].append(by[v]['top'])
            cells.append(f"{by[v]['top']:.2f} ({by[v]['torsdof']}t, {by[v]['netCharge']:+d})")
        print(f'| {target} | {name} | ' + ' | '.join(cells) + ' |')
    n = len(next(iter(sums.values())))
    print(f'| mean of {n} | | ' + ' | '.join(f'{sum(s) / len(s):.2f}' if s else '' for s in sums.values()) + ' |')
    base = variants[0]
    for v in variants[1:]:
        diffs = [b - a for a, b in zip(sums[base], sums[v])]
        if diffs:
            print(f'{v} - {base}: mean {sum(diffs) / len(diffs):+.2f}, worse in {sum(d > 0.05 for d in diffs)}, '
                  f'better in {sum(d < -0.05 for d in diffs)} of {len(diffs)}')


if __name__ == '__main__':
    if sys.argv[1] == 'table':
        table(sys.argv[2], sys.argv[3].split(','))
    else:
        run(sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4].split(',') if len(sys.argv) > 4 else None)
