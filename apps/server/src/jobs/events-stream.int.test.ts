// GET /api/v1/jobs/{jobId}/events as Server-Sent Events (Accept: text/event-stream), with real Postgres, nats-server,
// s3rver, the worker, an in-process agent and vina: the events of a running job, a reconnect with Last-Event-ID that
// loses and repeats nothing, the end once the job is final, the JSON page without the header, and access (401, 404).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, ensureUser, issueApiToken, roleByName, setMemberRole } from '@mad/auth';
import { sharedDataDir } from '@mad/test-utils';
import { jobEvents, startJobsStack, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let cyp3a4: string;
const CYP3A4_BOX = { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 30, y: 30, z: 30 } };

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  cyp3a4 = await stack.addMolecule('receptor', join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'), 'pdbqt');
  await stack.startAgent();
});

afterAll(async () => {
  await stack?.close();
});

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: boolean;
}

/** The frames of an event stream as they arrive. */
async function* frames(response: Response): AsyncGenerator<Frame> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = true;
        const [field, ...rest] = line.split(':');
        const text = rest.join(':').replace(/^ /, '');
        if (field === 'id') frame.id = text;
        else if (field === 'event') frame.event = text;
        else if (field === 'data') frame.data = text;
      }
      yield frame;
    }
  }
}

const stream = (jobId: string, headers: Record<string, string> = {}, signal?: AbortSignal, query = '') =>
  stack.api(`/api/v1/jobs/${jobId}/events${query}`, { headers: { accept: 'text/event-stream', ...headers }, signal });

type Event = { id: number; kind: string };

describe('GET /api/v1/jobs/{jobId}/events as text/event-stream', () => {
  it('streams a running job, resumes after Last-Event-ID without loss or repeat, and ends when the job is final', async () => {
    const created = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId: cyp3a4,
        ligands: [
          { smiles: 'CCO', name: 'ethanol' },
          { smiles: 'CCN', name: 'ethylamine' },
        ],
        bindingSite: CYP3A4_BOX,
        params: { exhaustiveness: 1, seed: 1 },
      },
    });
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };

    // First connection: read two events, then drop it.
    const abort = new AbortController();
    const first = await stream(jobId, {}, abort.signal);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const received: Frame[] = [];
    for await (const frame of frames(first)) {
      if (frame.data === undefined || frame.event) continue;
      received.push(frame);
      if (received.length === 2) break;
    }
    abort.abort();

    // Reconnect as EventSource does: the same URL with Last-Event-ID; read to the end.
    const second = await stream(jobId, { 'last-event-id': received.at(-1)!.id! });
    expect(second.status).toBe(200);
    let end: unknown = null;
    for await (const frame of frames(second)) {
      if (frame.event === 'end') end = JSON.parse(frame.data!);
      else if (frame.data !== undefined) received.push(frame);
    }
    expect(end).toEqual({ jobId, status: 'COMPLETED' });

    const all = (await jobEvents(stack, jobId)) as unknown as Event[];
    expect(all.length).toBeGreaterThan(4);
    expect(received.map((f) => Number(f.id))).toEqual(all.map((e) => e.id));
    expect(received.map((f) => (JSON.parse(f.data!) as Event).kind)).toEqual(all.map((e) => e.kind));
    expect(all.at(-1)!.kind).toBe('job_completed');

    // A final job streams what follows ?afterId and ends at once; without the Accept header the JSON page answers.
    const later: Frame[] = [];
    const afterResponse = await stream(jobId, {}, undefined, `?afterId=${all.at(-2)!.id}`);
    expect(afterResponse.status, await afterResponse.clone().text()).toBe(200);
    for await (const frame of frames(afterResponse)) later.push(frame);
    expect(
      later.filter((f) => f.id).map((f) => Number(f.id)),
      JSON.stringify(later),
    ).toEqual([all.at(-1)!.id]);
    expect(later.at(-1)!.event).toBe('end');
    const json = await stack.api(`/api/v1/jobs/${jobId}/events`);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { events: Event[] }).events.map((e) => e.id)).toEqual(all.map((e) => e.id));

    // Junk answers 400 naming what is wrong, never 5xx.
    const badHeader = await stream(jobId, { 'last-event-id': 'x' });
    expect(badHeader.status).toBe(400);
    expect(((await badHeader.json()) as { field: string }).field).toBe('Last-Event-ID');
    const badParam = await stream(jobId, {}, undefined, '?tail=3');
    expect(badParam.status).toBe(400);
    expect((await stream('not-a-uuid')).status).toBe(400);

    // Access: anonymous 401; another organisation's admin 404 (as for a job that does not exist).
    const anonymous = await fetch(`${stack.url}/api/v1/jobs/${jobId}/events`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(anonymous.status).toBe(401);
    const other = await createOrganization(stack.db, { slug: 'other-sse-org', name: 'Other' });
    const user = await ensureUser(stack.db, 'other@example.org');
    const admin = await roleByName(stack.db, 'admin');
    await setMemberRole(stack.db, other.id, user.id, admin.id);
    const token = await issueApiToken(stack.db, {
      orgId: other.id,
      userId: user.id,
      roleId: admin.id,
      name: 'other',
      expiresAt: null,
    });
    const foreign = await fetch(`${stack.url}/api/v1/jobs/${jobId}/events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token.secret}` },
    });
    expect(foreign.status).toBe(404);
  });
});
