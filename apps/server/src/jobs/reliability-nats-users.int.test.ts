// The production NATS configuration end to end: nats-server runs infra/nats-server.conf, the HTTP server and the
// worker connect as its `server` user, and the real agent daemon (dist/main.js) as the least-privileged `agent`
// user (NATS_USER/NATS_PASSWORD). A job docks, its cancellation reaches the agent, and an agent with a wrong
// password never gets a task.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, jobEvents, startJobsStack, waitForEvent, waitForStatus, type JobsStack } from '../../test/stack.js';

const LONG = 600_000;
const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';

let stack: JobsStack;
let receptor: string;

beforeAll(async () => {
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '6000', LIGANDS_PER_TASK: '1' }, { natsUsers: true });
  receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
});

afterAll(async () => {
  await stack?.close();
});

async function submit(smiles: string, exhaustiveness: number): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      bindingSite: BOX_1IEP,
      ligands: [{ smiles, name: 'ligand' }],
      params: { exhaustiveness, seed: 3, cpuPerTask: 1 },
    },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

describe('agents authenticated as the `agent` user of infra/nats-server.conf', () => {
  it(
    'a wrong password gets no task; the right one runs jobs, heartbeats and obeys a cancel',
    async () => {
      expect(stack.natsUsers?.agent.user).toBe('agent');
      const intruder = await stack.spawnAgent({ NATS_PASSWORD: 'awrongpassword' });
      const agent = await stack.spawnAgent();

      const jobId = await submit('CC(=O)Nc1ccc(O)cc1', 4);
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ SUCCEEDED: 1 });
      const accepted = (await jobEvents(stack, jobId)).filter((e) => e.kind === 'accepted');
      expect(accepted.map((e) => e.agentId)).toEqual([agent.agentId]);

      // Heartbeats (KV put) arrive; the intruder, refused by the server, is not listed.
      const listed = (await (await stack.api('/api/v1/agents')).json()) as { agents: { agentId: string }[] };
      expect(listed.agents.map((a) => a.agentId)).toContain(agent.agentId);
      expect(listed.agents.map((a) => a.agentId)).not.toContain(intruder.agentId);

      // The cancels bucket watch works with the agent's rights: vina is stopped and the agent reports it.
      const long = await submit(IMATINIB, 32);
      await waitForEvent(stack, long, (e) => e.kind === 'docking' && e.agentId === agent.agentId, LONG);
      expect((await stack.api(`/api/v1/jobs/${long}/cancel`, { method: 'POST', json: {} })).status).toBe(200);
      expect((await waitForStatus(stack, long, isFinal, LONG)).status).toBe('CANCELLED');
      // (The agent's own 'cancelled' report lands on a final task and is dropped; its heartbeat shows the slot freed.)
      let busy: number | undefined;
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
        const agents = (await (await stack.api('/api/v1/agents')).json()) as {
          agents: { agentId: string; busySlots: number }[];
        };
        busy = agents.agents.find((a) => a.agentId === agent.agentId)?.busySlots;
        if (busy === 0) break;
      }
      expect(busy).toBe(0);

      const exited = new Promise<number | null>((resolve) => agent.child.once('exit', (code) => resolve(code)));
      agent.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The intruder is still retrying its connection (it never got in).
      expect(intruder.child.exitCode).toBeNull();
    },
    LONG,
  );
});
