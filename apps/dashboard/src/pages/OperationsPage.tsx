// Operations (admins): the golden signals for people who run `npm start` without Grafana, from the server's own
// metrics (operations.overview): API traffic, 5xx ratio and p50/p99 latency over the last 5 minutes with a 15-minute
// trend, the job queues and their oldest age, the fleet's use, and the organisation's recent failures. Re-read every
// few seconds while the page is open (the numbers move with every request, so a push feed would push constantly).
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link } from '../router.js';
import { Empty, QueryView } from '../ui/states.js';
import { DataTable } from '../ui/table.js';
import { ago, duration, fixed } from '../lib/format.js';
import type { RouterOutputs } from '../api-types.js';

type Overview = RouterOutputs['operations']['overview'];
type Signals = Overview['api']['current'];

const REFRESH_MS = 5_000;

export default function OperationsPage() {
  const overview = useQuery(
    trpc.operations.overview.queryOptions(undefined, { refetchInterval: REFRESH_MS, staleTime: 0 }),
  );
  return (
    <>
      <h1>
        Operations{' '}
        <span className="small muted" data-testid="operations-updated">
          {overview.data ? `(updated ${new Date(overview.data.at).toLocaleTimeString()}, every 5 s)` : ''}
        </span>
      </h1>
      <QueryView query={overview} what="the golden signals">
        {(data) => (
          <>
            <GoldenSignals api={data.api} />
            <div className="grid-2">
              <Queues data={data} />
              <Fleet fleet={data.fleet} dependencies={data.dependencies} />
            </div>
            <Failures jobs={data.jobs} />
          </>
        )}
      </QueryView>
    </>
  );
}

const ms = (seconds: number | null) =>
  seconds === null ? '—' : `${fixed(seconds * 1_000, seconds < 0.01 ? 1 : 0)} ms`;
const ratio = (value: number | null) => (value === null ? '—' : `${fixed(value * 100, 2)} %`);

function Stat({ label, value, testId, bad }: { label: string; value: string; testId: string; bad?: boolean }) {
  return (
    <div className="stat" role="group" aria-label={label}>
      <div className="small muted">{label}</div>
      <div className={`stat-value${bad ? ' bad' : ''}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function GoldenSignals({ api }: { api: Overview['api'] }) {
  const { current } = api;
  return (
    <section className="panel" aria-labelledby="golden-signals">
      <h2 id="golden-signals">API golden signals</h2>
      <p className="small muted">
        Over the last {duration(current.seconds)} ({current.requests} requests, {api.inFlight} in flight now); this
        server process only, as the <code>mad:http_*</code> recording rules compute them.
      </p>
      <div className="stats">
        <Stat label="Request rate" testId="request-rate" value={`${fixed(current.requestsPerSecond, 2)} req/s`} />
        <Stat
          label="5xx ratio"
          testId="error-ratio"
          value={ratio(current.errorRatio)}
          bad={(current.errorRatio ?? 0) > 0.01}
        />
        <Stat label="p50 latency" testId="latency-p50" value={ms(current.p50Seconds)} />
        <Stat
          label="p99 latency"
          testId="latency-p99"
          value={ms(current.p99Seconds)}
          bad={(current.p99Seconds ?? 0) > 1}
        />
      </div>
      <div className="grid-2">
        <Trend label="Requests per second, last 15 minutes" series={api.series} pick={(s) => s.requestsPerSecond} />
        <Trend
          label="p99 latency (ms), last 15 minutes"
          series={api.series}
          pick={(s) => (s.p99Seconds ?? 0) * 1_000}
        />
      </div>
    </section>
  );
}

/** A sparkline of 30-second steps, with its latest value as text for screen readers. */
function Trend({ label, series, pick }: { label: string; series: Signals[]; pick: (s: Signals) => number }) {
  const values = series.map(pick);
  const width = 360;
  const height = 48;
  const top = Math.max(...values, 1e-9);
  const points = values
    .map(
      (v, i) => `${values.length < 2 ? 0 : (i / (values.length - 1)) * width},${height - (v / top) * (height - 4) - 2}`,
    )
    .join(' ');
  return (
    <figure className="trend">
      <figcaption className="small muted">
        {label}: {values.length === 0 ? 'no steps yet' : `latest ${fixed(values.at(-1), 2)}, peak ${fixed(top, 2)}`}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} aria-hidden="true">
        {values.length > 1 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />}
      </svg>
    </figure>
  );
}

function Queues({ data }: { data: Overview }) {
  return (
    <section className="panel" aria-labelledby="queues">
      <h2 id="queues">Queues</h2>
      <DataTable
        label="Job queues"
        columns={['Queue', { label: 'Waiting', numeric: true }, { label: 'Active', numeric: true }, 'Oldest waiting']}
        rows={[
          ...data.queues.map((q) => ({
            name: `${q.queue} (pg-boss)`,
            waiting: q.queued,
            active: q.active,
            oldest: q.oldestAgeSeconds,
          })),
          ...data.streams.map((s) => ({
            name: `${s.stream} (JetStream)`,
            waiting: s.messages,
            active: null,
            oldest: s.oldestAgeSeconds,
          })),
        ]}
        rowKey={(row) => row.name}
        cells={(row) => (
          <>
            <td className="mono">{row.name}</td>
            <td className="num">{row.waiting}</td>
            <td className="num">{row.active ?? '—'}</td>
            <td>{row.waiting > 0 ? duration(row.oldest) : '—'}</td>
          </>
        )}
      />
      <DataTable
        label="Agent consumers"
        columns={[
          'Consumer',
          { label: 'Pending', numeric: true },
          { label: 'Unacknowledged', numeric: true },
          { label: 'Redelivered', numeric: true },
        ]}
        rows={data.consumers}
        rowKey={(c) => c.consumer}
        cells={(c) => (
          <>
            <td className="mono">{c.consumer}</td>
            <td className="num">{c.pending}</td>
            <td className="num">{c.ackPending}</td>
            <td className="num">{c.redelivered}</td>
          </>
        )}
      />
    </section>
  );
}

function Fleet({ fleet, dependencies }: { fleet: Overview['fleet']; dependencies: Overview['dependencies'] }) {
  const slots = fleet.slots.busy + fleet.slots.free;
  const cpus = fleet.cpus.busy + fleet.cpus.free;
  return (
    <section className="panel" aria-labelledby="fleet">
      <h2 id="fleet">Fleet</h2>
      <div className="stats">
        <Stat label="Hosts" testId="fleet-hosts" value={String(fleet.hosts)} />
        <Stat label="Slots busy / total" testId="fleet-slots" value={`${fleet.slots.busy} / ${slots}`} />
        <Stat
          label="CPU pool busy / total"
          testId="fleet-cpus"
          value={cpus > 0 ? `${fleet.cpus.busy} / ${cpus}` : '—'}
        />
      </div>
      <DataTable
        label="Live agents by engine"
        columns={['Engine', { label: 'Live agents', numeric: true }]}
        rows={fleet.agentsByEngine}
        rowKey={(row) => row.engine}
        cells={(row) => (
          <>
            <td>{row.engine}</td>
            <td className="num">{row.agents === 0 ? <span className="badge offline">none</span> : row.agents}</td>
          </>
        )}
      />
      <p className="small">
        Dependencies:{' '}
        {dependencies.map((d) => (
          <span key={d.dependency} className={`badge ${d.up ? 'online' : 'offline'}`} style={{ marginRight: 6 }}>
            {d.dependency} {d.up ? 'up' : 'down'}
          </span>
        ))}
      </p>
    </section>
  );
}

function Failures({ jobs }: { jobs: Overview['jobs'] }) {
  const day = jobs.lastDay;
  return (
    <section className="panel" aria-labelledby="failures">
      <h2 id="failures">Recent failures</h2>
      <p className="small muted" data-testid="jobs-last-day">
        This organisation, jobs created in the last 24 h: {day.COMPLETED} completed, {day.FAILED} failed,{' '}
        {day.CANCELLED} cancelled, {day.RUNNING} running, {day.PENDING} pending.
      </p>
      {jobs.recentFailures.length === 0 ? (
        <Empty title="No failures among the recent jobs" />
      ) : (
        <DataTable
          label="Recent failures"
          wrap
          columns={['When', 'Job', 'Engine', 'What', 'Detail', 'Agent']}
          rows={jobs.recentFailures}
          rowKey={(f) => `${f.jobId}-${f.kind}-${new Date(f.at).getTime()}-${f.agentId ?? ''}`}
          cells={(f) => (
            <>
              <td>{ago(f.at)}</td>
              <td>
                <Link to={`/jobs/${f.jobId}`} className="mono">
                  {f.jobId.slice(0, 8)}
                </Link>
              </td>
              <td>{f.pipeline}</td>
              <td>
                <span className="badge failed">
                  {f.kind === 'job'
                    ? 'job failed'
                    : f.kind === 'ligands'
                      ? 'ligands failed'
                      : `attempt ${f.status.toLowerCase()}`}
                </span>
              </td>
              <td className="small">{f.detail ?? '—'}</td>
              <td className="mono small">{f.agentId ?? '—'}</td>
            </>
          )}
        />
      )}
    </section>
  );
}
