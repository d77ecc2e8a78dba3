// The live compute agents as a member of one organisation may see them: the fleet's capabilities and slots, and only
// the tasks of the caller's own organisation's jobs.
import { z } from 'zod';
import { ACTIVE_JOB_STATUSES } from '@mad/protocol';
import type { JobContext } from './access.js';

const AgentOut = z.object({
  agentId: z.string(),
  hostname: z.string(),
  state: z.enum(['running', 'draining']),
  engines: z.array(z.object({ name: z.string(), version: z.string() })),
  obabel: z.string().nullable(),
  rdkit: z.string().nullable(),
  cpuCores: z.number().int(),
  gpus: z.array(z.object({ index: z.number().int(), name: z.string(), memoryMiB: z.number() })),
  slots: z.number().int(),
  busySlots: z.number().int(),
  currentTasks: z.array(
    z.object({
      taskId: z.string(),
      jobId: z.string(),
      engine: z.string(),
      attempt: z.number().int(),
      startedAt: z.string(),
    }),
  ),
  startedAt: z.string(),
  lastHeartbeatAt: z.string(),
});

export type Fleet = z.infer<typeof Fleet>;
export const Fleet = z.object({ agents: z.array(AgentOut) });

/** The live agents as the caller may see them, sorted by id. */
export async function fleet(ctx: JobContext): Promise<Fleet> {
  // Tasks are not org-scoped on an agent; a member sees only the ids of its own organisation's jobs.
  const own = new Set(
    (
      await ctx.db
        .selectFrom('jobs_meta')
        .select('id')
        .where('org_id', '=', ctx.principal.org.id)
        .where('status', 'in', ACTIVE_JOB_STATUSES)
        .execute()
    ).map((r) => r.id),
  );
  const agents = await ctx.jobs.agents();
  return {
    agents: agents
      .sort((a, b) => a.agentId.localeCompare(b.agentId))
      .map((a) => ({
        agentId: a.agentId,
        hostname: a.hostname,
        state: a.state,
        engines: a.engines.map((e) => ({ name: e.name, version: e.version })),
        obabel: a.capabilities.obabel,
        rdkit: a.capabilities.rdkit,
        cpuCores: a.capabilities.cpuCores,
        gpus: a.capabilities.gpus,
        slots: a.slots,
        busySlots: a.busySlots,
        currentTasks: a.currentTasks.filter((t) => own.has(t.jobId)),
        startedAt: a.startedAt,
        lastHeartbeatAt: a.heartbeatAt,
      })),
  };
}
