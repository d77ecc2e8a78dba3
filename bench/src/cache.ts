// Benchmark: the result cache (JOBS.md "Result cache"). A job of 10,000 SMILES is docked by the zero-work agent, which
// advertises the version it reports (BENCH_ZERO_CACHEABLE), so its results are stored under their signatures as a
// real agent's are. Then, over REST as a script submits: the same job again (every ligand a hit: 200 COMPLETED, no
// task dispatched), timed from the request to the answer; and jobs of 10,000 ligands of which half were docked
// before (5,000 hits copied, 5,000 new ones dispatched), timed to their 202.
import { join } from 'node:path';
import type { Benchmark } from './context.js';
import { openJobsApi, waitForAgents, waitForJobs } from './platform.js';
import type { Measurement } from './report.js';
import { library } from './smiles.js';
import { startStack } from './stack.js';
import { summarize } from './stats.js';

const NAME = 'result cache';

interface Created {
  jobId: string;
  status: string;
  cache?: { reusedLigands: number; computedLigands: number; lookupDeferred?: boolean };
}

export const resultCache: Benchmark = async (context) => {
  const full = context.env.BENCH_PROFILE === 'full';
  const ligandCount = full ? 10_000 : 1_000;
  const repeats = full ? 5 : 2;
  const half = ligandCount / 2;
  const stack = await startStack({
    repoRoot: context.repoRoot,
    agents: 1,
    agentScript: join(context.repoRoot, 'bench/dist/zero-agent.js'),
    env: { LIGANDS_PER_TASK: '100', AGENT_SLOTS: '8', AGENT_ENGINES: 'vina', BENCH_ZERO_CACHEABLE: 'true' },
  });
  try {
    const { api, receptorId, bindingSite } = await openJobsApi(stack, context.sharedDataDir);
    await waitForAgents(api, 1);
    const ligands = library(ligandCount + repeats * half);
    /** One POST of a job: its answer, HTTP status and round-trip time. */
    const submit = async (batch: typeof ligands) => {
      const started = performance.now();
      const response = await fetch(`${stack.baseUrl}/api/v1/pipelines/vina/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ receptorId, ligands: batch, bindingSite, params: { exhaustiveness: 1, seed: 1 } }),
      });
      const created = (await response.json()) as Created;
      const ms = performance.now() - started;
      if (response.status >= 300) throw new Error(`job creation: ${response.status} ${JSON.stringify(created)}`);
      return { http: response.status, created, ms };
    };

    const first = await submit(ligands.slice(0, ligandCount));
    context.log(`cache: first job of ${ligandCount} created in ${(first.ms / 1000).toFixed(1)} s; docking it`);
    const dockedAt = performance.now();
    const [status] = [...(await waitForJobs(api, [first.created.jobId], 30 * 60_000, 1_000)).values()];
    if (status !== 'COMPLETED') throw new Error(`the first job ended ${status}`);
    const dockSeconds = (performance.now() - dockedAt) / 1000;

    const hitMs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const again = await submit(ligands.slice(0, ligandCount));
      if (
        again.http !== 200 ||
        again.created.status !== 'COMPLETED' ||
        again.created.cache?.reusedLigands !== ligandCount
      )
        throw new Error(
          `the repeated job was not answered from the cache: ${again.http} ${JSON.stringify(again.created)}`,
        );
      hitMs.push(again.ms);
    }

    // More new SMILES than a request signs (JOB_SIGN_AT_CREATION_MAX_SMILES): the 202 comes at once and the
    // dispatcher signs and reuses; timed to the 202 and to the status saying the half was reused.
    const halfMs: number[] = [];
    const lookedUpMs: number[] = [];
    let deferred = false;
    for (let i = 0; i < repeats; i++) {
      const fresh = ligands.slice(ligandCount + i * half, ligandCount + (i + 1) * half);
      const started = performance.now();
      const mixed = await submit([...ligands.slice(0, half), ...fresh]);
      deferred ||= mixed.created.cache?.lookupDeferred === true;
      let reused = mixed.created.cache?.reusedLigands ?? 0;
      while (mixed.created.cache?.lookupDeferred && reused < half && performance.now() - started < 10 * 60_000) {
        await new Promise((r) => setTimeout(r, 100));
        const status = await api.get<{ cache: { reusedLigands: number } | null }>(
          `/v1/jobs/${mixed.created.jobId}/status`,
        );
        reused = status.cache?.reusedLigands ?? 0;
      }
      if (mixed.http !== 202 || reused !== half)
        throw new Error(`the half-cached job: ${mixed.http} ${JSON.stringify(mixed.created.cache)}, reused ${reused}`);
      halfMs.push(mixed.ms);
      lookedUpMs.push(performance.now() - started);
      await api.post(`/v1/jobs/${mixed.created.jobId}/cancel`, {});
    }
    const hit = summarize(hitMs);
    const mixed = summarize(halfMs);
    const lookedUp = summarize(lookedUpMs);
    const measurements: Measurement[] = [
      {
        metric: `cache-hit answer, ${ligandCount} ligands, p50`,
        value: hit.p50Ms,
        unit: 'ms',
        note: `the same job again: 200 COMPLETED, every ligand reused, no task dispatched (${hit.count} runs, max ${hit.maxMs.toFixed(0)} ms)`,
      },
      {
        metric: `create, ${ligandCount} ligands of which half hit, p50`,
        value: mixed.p50Ms,
        unit: 'ms',
        note: `202 ${deferred ? 'at once, signed and looked up by the dispatcher' : `with ${half} reused`}; the new half are new SMILES (canonicalised by RDKit) (${mixed.count} runs, max ${mixed.maxMs.toFixed(0)} ms)`,
      },
      {
        metric: `${ligandCount} ligands of which half hit: request to ${half} reused, p50`,
        value: lookedUp.p50Ms,
        unit: 'ms',
        note: `until GET /status says ${half} reused (${deferred ? 'the dispatcher signed' : 'signed in the request'}; ${lookedUp.count} runs, max ${lookedUp.maxMs.toFixed(0)} ms)`,
      },
      {
        metric: `create, ${ligandCount} new ligands (first job)`,
        value: first.ms,
        unit: 'ms',
        note: `nothing to reuse: ${first.created.cache?.lookupDeferred ? '202 at once; the dispatcher canonicalises, signs and finds nothing' : 'every SMILES canonicalised and signed, the lookup finds nothing'}`,
      },
    ];
    return {
      name: NAME,
      status: 'ran',
      parameters: {
        ligands: ligandCount,
        repeats,
        engine: 'zero-work (bench only), results cacheable',
        ligandsPerTask: 100,
      },
      measurements,
      notes: [
        `the first job was docked by one zero-work agent in ${dockSeconds.toFixed(1)} s (its results stored in task_results)`,
        'times are client round trips of POST /api/v1/pipelines/vina/jobs over loopback, JSON bodies of ~0.5 MB',
      ],
    };
  } finally {
    await stack.stop();
  }
};
