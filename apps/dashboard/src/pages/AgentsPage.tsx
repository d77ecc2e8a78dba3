// Agents: the live compute fleet (engines, CPU/GPU, slots, current tasks, last heartbeat).
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link } from '../router.js';
import { QueryView, Empty } from '../ui/states.js';
import { ago } from '../lib/format.js';
import { useLiveAgents } from '../live.js';
import { DataTable } from '../ui/table.js';
import { LiveState } from './job-parts.js';

export default function AgentsPage() {
  // Agents heartbeat into a NATS KV bucket; the server pushes the fleet whenever it changes (agents.onChanges).
  const agents = useQuery(trpc.agents.list.queryOptions(undefined, { staleTime: 0 }));
  const live = useLiveAgents();
  return (
    <>
      <h1>
        Agents <LiveState status={live.status} />
      </h1>
      <QueryView
        query={agents}
        what="agents"
        isEmpty={(data) => data.agents.length === 0}
        empty={
          <Empty title="No agent is connected">
            Jobs wait in the queue until one connects: <code>node agents/dock-agent/dist/main.js</code> (see the
            README).
          </Empty>
        }
      >
        {(data) => (
          <DataTable
            label="Compute agents"
            wrap
            columns={[
              'Agent',
              'State',
              'Engines',
              'Hardware',
              { label: 'Slots (busy/total)', numeric: true },
              'Current tasks',
              'Last heartbeat',
            ]}
            rows={data.agents}
            rowKey={(agent) => agent.agentId}
            cells={(agent) => (
              <>
                <td>
                  {agent.hostname}
                  <div className="small muted mono">{agent.agentId}</div>
                </td>
                <td>
                  <span
                    className={`badge ${agent.state === 'draining' ? 'cancelled' : agent.busySlots > 0 ? 'busy' : 'online'}`}
                  >
                    {agent.state === 'draining' ? 'draining' : agent.busySlots > 0 ? 'busy' : 'idle'}
                  </span>
                </td>
                <td>{agent.engines.map((e) => `${e.name} ${e.version}`).join(', ') || '—'}</td>
                <td>
                  {agent.cpuCores} CPU cores
                  {agent.gpus.length > 0 ? ` · ${agent.gpus.map((g) => g.name).join(', ')}` : ' · no GPU'}
                </td>
                <td className="num">
                  {agent.busySlots}/{agent.slots}
                </td>
                <td className="small">
                  {agent.currentTasks.length === 0
                    ? '—'
                    : agent.currentTasks.map((t) => (
                        <div key={t.taskId}>
                          <Link to={`/jobs/${t.jobId}`} className="mono">
                            {t.jobId.slice(0, 8)}
                          </Link>{' '}
                          {t.engine} (attempt {t.attempt}, {ago(t.startedAt)})
                        </div>
                      ))}
                </td>
                <td>{ago(agent.lastHeartbeatAt)}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </>
  );
}
