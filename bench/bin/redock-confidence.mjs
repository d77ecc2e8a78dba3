#!/usr/bin/env node
// How well the confidence score (packages/domain/src/results/confidence.ts) tells a correct top pose (< 2 Å from the
// crystal ligand) from a wrong one, on ../shared/data/redock (DOCKING_SCIENCE.md "Confidence").
//
//   node bench/bin/redock-confidence.mjs dock <seed> <exhaustiveness> [smiles,crystal]   # one vina at a time, niced
//   node bench/bin/redock-confidence.mjs table <runs dir>...                              # features, ROC AUC, table
//
// `dock` runs dockBatch (the agent's preparation and engine code; built dist) per case and input, one ligand at a
// time (cpu 0: one Vina process with every core), Vina through bench/bin/vina-cached.mjs (VINA_CACHE_DIR, default
// /work/runs/cache/vina), writing <RUNS>/seed<seed>-ex<exhaustiveness>/<case>/<input>/outcome.json (RUNS default
// /work/runs/cache/redock). `table` reads those outcomes, the crystal RMSD of every pose (obrms, symmetry-aware, no
// realignment) and prints per-feature ROC AUCs and the success rate above and below thresholds. Needs
// `npx turbo run build --filter=@mad/dock-agent --filter=@mad/domain`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const data = join(repo, '../shared/data/redock');
const cases = JSON.parse(readFileSync(join(data, 'cases.json'), 'utf8')).cases;
const runs = process.env.RUNS ?? '/work/runs/cache/redock';
const [command, ...args] = process.argv.slice(2);

async function dock(seed, exhaustiveness, inputs) {
  const { dockBatch } = await import(join(repo, 'agents/dock-agent/dist/index.js'));
  process.env.VINA_CACHE_DIR ??= '/work/runs/cache/vina';
  process.env.VINA_NICE ??= '19';
  mkdirSync(process.env.VINA_CACHE_DIR, { recursive: true });
  for (const input of inputs) {
    for (const c of cases) {
      const workDir = join(runs, `seed${seed}-ex${exhaustiveness}`, c.name, input);
      if (existsSync(join(workDir, 'outcome.json'))) continue;
      mkdirSync(workDir, { recursive: true });
      const started = performance.now();
      const source =
        input === 'smiles'
          ? { kind: 'smiles', smiles: c.smiles }
          : { kind: 'file', path: join(data, c.name, c.files.ligand), format: 'sdf' };
      const out = await dockBatch({
        engine: 'vina',
        receptor: { path: join(data, c.name, c.files.receptor), format: 'pdb' },
        ligands: [{ ligandId: input, name: c.name, source }],
        box: c.box,
        params: { exhaustiveness, numModes: 9, energyRange: 3, seed, cpu: 0 },
        workDir,
        timeoutMs: 6 * 3_600_000,
        signal: new AbortController().signal,
        onEvent: () => {},
        tools: { vina: join(repo, 'bench/bin/vina-cached.mjs') },
      });
      const outcome = out.outcomes[0];
      const seconds = (performance.now() - started) / 1000;
      writeFileSync(join(workDir, 'outcome.json'), JSON.stringify({ ...outcome, seconds }, null, 1));
      console.log(c.name, input, outcome.status, outcome.poses?.[0]?.affinityKcalMol, `${seconds.toFixed(0)} s`);
    }
  }
}

/** ROC AUC: the probability that a random correct case scores above a random wrong one (ties count half). */
function auc(rows, key) {
  const pos = rows.filter((r) => r.correct && r[key] !== null);
  const neg = rows.filter((r) => !r.correct && r[key] !== null);
  if (!pos.length || !neg.length) return null;
  let sum = 0;
  for (const p of pos) for (const n of neg) sum += p[key] > n[key] ? 1 : p[key] === n[key] ? 0.5 : 0;
  return sum / (pos.length * neg.length);
}

async function table(dirs) {
  const { confidenceFeatures, confidenceScore } = await import(join(repo, 'packages/domain/dist/index.js'));
  const rows = [];
  for (const dir of dirs) {
    for (const c of cases) {
      for (const input of ['smiles', 'crystal']) {
        const file = join(dir, c.name, input, 'outcome.json');
        if (!existsSync(file)) continue;
        const outcome = JSON.parse(readFileSync(file, 'utf8'));
        if (outcome.status !== 'succeeded' || !outcome.poses.length) continue;
        const rmsd = execFileSync('obrms', ['-f', join(data, c.name, c.files.ligand), outcome.posesSdfPath], {
          encoding: 'utf8',
        })
          .split('\n')
          .filter((l) => l.startsWith('RMSD'))
          .map((l) => Number(l.trim().split(/\s+/).at(-1)));
        const f = confidenceFeatures(outcome.poses);
        const top = outcome.poses[0].affinityKcalMol;
        rows.push({
          run: dir.split('/').at(-1),
          case: c.name,
          input,
          rmsd: rmsd[0],
          correct: rmsd[0] < 2,
          affinity: top,
          negAffinity: -top,
          efficiency: -top / c.heavyAtoms,
          gap: f.gap,
          agreement: f.agreement,
          confidence: confidenceScore(outcome.poses),
        });
      }
    }
  }
  const fixed = (x, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
  console.log('| run | complex | input | top RMSD (Å) | affinity | gap | agreement | confidence |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.run} | ${r.case} | ${r.input} | ${r.correct ? fixed(r.rmsd) : `**${fixed(r.rmsd)}**`} | ${fixed(r.affinity)} | ${fixed(r.gap)} | ${fixed(r.agreement)} | ${fixed(r.confidence, 3)} |`,
    );
  const correct = rows.filter((r) => r.correct).length;
  console.log(`\n${rows.length} dockings, ${correct} with the top pose within 2 Å.\n`);
  console.log('| feature | ROC AUC (top pose < 2 Å) |');
  console.log('|---|---|');
  for (const [key, name] of [
    ['confidence', 'confidence_score'],
    ['gap', 'score gap to the best pose ≥ 2 Å away'],
    ['agreement', 'poses within 2 Å of the top (RMSD lower bound)'],
    ['negAffinity', '−top affinity'],
    ['efficiency', 'ligand efficiency (−affinity / heavy atoms)'],
  ])
    console.log(`| ${name} | ${fixed(auc(rows, key))} |`);
  console.log('\n| threshold | dockings above | correct above | dockings below | correct below |');
  console.log('|---|---|---|---|---|');
  for (const t of [0.3, 0.5, 0.7, 0.9]) {
    const above = rows.filter((r) => r.confidence >= t);
    const below = rows.filter((r) => r.confidence < t);
    const rate = (list) =>
      list.length
        ? `${list.filter((r) => r.correct).length} (${((100 * list.filter((r) => r.correct).length) / list.length).toFixed(0)} %)`
        : '—';
    console.log(`| ${t} | ${above.length} | ${rate(above)} | ${below.length} | ${rate(below)} |`);
  }
}

if (command === 'dock')
  await dock(Number(args[0] ?? 20261201), Number(args[1] ?? 8), (args[2] ?? 'smiles,crystal').split(','));
else if (command === 'table') await table(args.length ? args : readdirSync(runs).map((d) => join(runs, d)));
else {
  console.error('usage: redock-confidence.mjs dock <seed> <exhaustiveness> [inputs] | table [runs dirs...]');
  process.exit(2);
}
