// Webhooks end to end (API_CONTRACT "Webhooks"): real Postgres, s3rver, nats-server, the worker, an in-process vina
// agent and a real HTTP receiver on 127.0.0.1 (so the stack allows private networks: WEBHOOK_ALLOW_PRIVATE_NETWORKS;
// the refusal without it is in auth/access-matrix.int.test.ts and below through the worker's guard). One docked
// one-ligand job, then the same job again answered by the result cache, keep it short.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sharedDataDir } from '@mad/test-utils';
import { parseVinaConfigBox } from '@mad/dock-agent';
import { memberWithToken } from '../../test/auth-http.js';
import { counterValue, isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';
import { deliverOnce } from './webhooks.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');
const box = parseVinaConfigBox(readFileSync(join(vina1iep, '1iep_receptor.box.txt'), 'utf8'));
const SITE = { mode: 'box', center: box.center, size: box.size };
const PARAMS = { exhaustiveness: 1, numModes: 3, energyRange: 3, seed: 7, cpuPerTask: 1 };
const PUBLIC_URL = 'https://mad.example.org';
const GRACE_SECONDS = 12;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver that records every request and answers the statuses queued for its path (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  return {
    received,
    answers,
    at: (path: string) => received.filter((r) => r.path === path),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver does with X-MAD-Signature (README "Webhooks"), written out here rather than imported. */
function signatureVerifies(secret: string, header: string, body: string): boolean {
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const expected = createHmac('sha256', secret).update(`${fields.t}.${body}`).digest('hex');
  return fields.v1 === expected && Math.abs(Date.now() / 1_000 - Number(fields.t)) < 300;
}

/** Each v1 of the header that verifies with `secret` (a receiver during a rotation accepts any one). */
function v1sOf(header: string): { t: string; v1: string[] } {
  const fields = header.split(',').map((part) => part.split('=', 2) as [string, string]);
  return { t: fields.find(([key]) => key === 't')![1], v1: fields.filter(([key]) => key === 'v1').map(([, v]) => v) };
}
function verifiesWith(secret: string, received: Received): boolean {
  const { t, v1 } = v1sOf(String(received.headers['x-mad-signature']));
  const expected = createHmac('sha256', secret).update(`${t}.${received.body}`).digest('hex');
  return v1.includes(expected) && Math.abs(Date.now() / 1_000 - Number(t)) < 300;
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let stack: JobsStack;
let receiver: ReturnType<typeof startReceiver>;
let receiverUrl: string;
let adminToken: string;
let receptorId: string;

interface WebhookBody {
  id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  secret?: string;
}
interface DeliveryBody {
  id: string;
  jobId: string | null;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null }[];
  payload: { event: string; job: { jobId: string; status: string } | null };
}

const admin = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${stack.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });

async function createWebhook(fields: Record<string, unknown>): Promise<WebhookBody & { secret: string }> {
  const response = await admin('/api/v1/webhooks', { method: 'POST', json: fields });
  const body = (await response.json()) as WebhookBody & { secret: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  expect(response.headers.get('location')).toBe(`/api/v1/webhooks/${body.id}`);
  return body;
}

async function deliveries(webhookId: string): Promise<DeliveryBody[]> {
  const response = await admin(`/api/v1/webhooks/${webhookId}/deliveries`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { deliveries: DeliveryBody[] }).deliveries;
}

async function submit(): Promise<{ http: number; jobId: string }> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite: SITE, params: PARAMS },
  });
  const created = (await response.json()) as { jobId: string };
  expect(response.status, JSON.stringify(created)).toBeLessThan(300);
  return { http: response.status, jobId: created.jobId };
}

beforeAll(async () => {
  // A short grace period after a secret rotation, so the test sees it end (the default is a day).
  const webhookEnv = {
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    PUBLIC_URL,
    WEBHOOK_SECRET_GRACE_SECONDS: String(GRACE_SECONDS),
  };
  stack = await startJobsStack(
    { ...webhookEnv, WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '3000' },
    { resultCache: true, serverOverrides: webhookEnv },
  );
  receiver = startReceiver();
  receiverUrl = await receiver.listen();
  adminToken = (await memberWithToken(stack.db, stack.org.id, 'admin@example.org', 'admin')).token;
  receptorId = await stack.addMolecule('receptor', join(vina1iep, '1iep_receptor.pdbqt'), 'pdbqt');
  await stack.startAgent();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.close();
});

describe('webhooks', () => {
  let steady: WebhookBody & { secret: string };
  let flaky: WebhookBody & { secret: string };
  let down: WebhookBody & { secret: string };
  let downDelivery: string;
  let firstJob: string;

  it('registers webhooks with a secret shown once, lists them by cursor and refuses unknown fields', async () => {
    steady = await createWebhook({ url: `${receiverUrl}/steady`, description: 'every final status' });
    expect(steady.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(steady.events).toEqual(['job.completed', 'job.failed']);
    const patched = await admin(`/api/v1/webhooks/${steady.id}`, {
      method: 'PATCH',
      json: { events: ['job.completed', 'job.failed', 'job.cancelled'] },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ events: ['job.completed', 'job.failed', 'job.cancelled'] });
    flaky = await createWebhook({ url: `${receiverUrl}/flaky`, events: ['job.completed'] });
    const read = (await (await admin(`/api/v1/webhooks/${steady.id}`)).json()) as WebhookBody;
    expect(read).toMatchObject({ id: steady.id, url: `${receiverUrl}/steady`, active: true });
    expect(read).not.toHaveProperty('secret');

    const first = await admin('/api/v1/webhooks?limit=1');
    const page = (await first.json()) as { webhooks: WebhookBody[]; nextCursor: string | null; total: number };
    expect(page).toMatchObject({ total: 2, webhooks: [{ id: flaky.id }] });
    const second = (await (await admin(`/api/v1/webhooks?limit=1&cursor=${page.nextCursor}`)).json()) as typeof page;
    expect(second).toMatchObject({ nextCursor: null, webhooks: [{ id: steady.id }] });
    expect(JSON.stringify([page, second])).not.toContain(steady.secret);

    const unknown = await admin('/api/v1/webhooks', { method: 'POST', json: { url: `${receiverUrl}/x`, evnts: [] } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('evnts');
    const unknownPatch = await admin(`/api/v1/webhooks/${steady.id}`, { method: 'PATCH', json: { activ: false } });
    expect(unknownPatch.status).toBe(400);
    expect(JSON.stringify(await unknownPatch.json())).toContain('activ');
    const badEvent = await admin('/api/v1/webhooks', {
      method: 'POST',
      json: { url: `${receiverUrl}/x`, events: ['job.started'] },
    });
    expect(badEvent.status).toBe(400);
    // A scientist (no webhooks:manage) cannot list them.
    expect((await stack.api('/api/v1/webhooks')).status).toBe(403);

    // A receiver that is down, told of nothing but its test delivery (no job fails here): its retries run while the
    // jobs below dock, and the last test but two reads how they ended.
    down = await createWebhook({ url: `${receiverUrl}/down`, events: ['job.failed'] });
    receiver.answers.set('/down', [503, 503, 503]);
    const queued = await admin(`/api/v1/webhooks/${down.id}/test`, { method: 'POST' });
    expect(queued.status).toBe(202);
    downDelivery = ((await queued.json()) as { deliveryId: string }).deliveryId;
  });

  it('tells each webhook once when a job completes, signed, with counts, the best ligand and links', async () => {
    const { jobId } = await submit();
    firstJob = jobId;
    expect((await waitForStatus(stack, jobId, isFinal)).status).toBe('COMPLETED');
    const [delivered] = await until(
      () => receiver.at('/steady'),
      (r) => r.length >= 1,
      'the completed job delivered',
    );
    const body = JSON.parse(delivered!.body) as {
      event: string;
      job: {
        jobId: string;
        status: string;
        pipeline: string;
        ligands: Record<string, number>;
        topAffinity: { ligandId: string; name: string; affinityKcalMol: number } | null;
      };
      links: Record<string, string>;
    };
    expect(delivered!.headers['x-mad-event']).toBe('job.completed');
    expect(delivered!.headers['content-type']).toBe('application/json');
    expect(signatureVerifies(steady.secret, String(delivered!.headers['x-mad-signature']), delivered!.body)).toBe(true);
    expect(signatureVerifies(flaky.secret, String(delivered!.headers['x-mad-signature']), delivered!.body)).toBe(false);
    expect(body).toMatchObject({
      event: 'job.completed',
      job: { jobId, status: 'COMPLETED', pipeline: 'vina', ligands: { total: 1, succeeded: 1, failed: 0 } },
      links: { job: `${PUBLIC_URL}/api/v1/jobs/${jobId}`, results: `${PUBLIC_URL}/api/v1/jobs/${jobId}/results` },
    });
    expect(body.job.topAffinity?.name).toBe('ethanol');
    expect(body.job.topAffinity?.affinityKcalMol).toBeLessThan(0);
    // The results say the same best affinity the webhook did.
    const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as {
      ligands: { bestAffinityKcalMol: number }[];
    };
    expect(results.ligands[0]!.bestAffinityKcalMol).toBe(body.job.topAffinity?.affinityKcalMol);

    const log = await until(
      () => deliveries(steady.id),
      (d) => d[0]?.status === 'delivered',
      'the delivery log says delivered',
    );
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: delivered!.headers['x-mad-delivery'], jobId, attempts: 1, lastStatusCode: 200 });
    expect(log[0]!.attemptLog).toMatchObject([{ attempt: 1, statusCode: 200, error: null }]);
  }, 120_000);

  it('retries a receiver that answers 500 with the same delivery id, and logs every attempt', async () => {
    receiver.answers.set('/flaky', [500]);
    const before = receiver.at('/flaky').length;
    const retries = await counterValue(stack.worker().metrics.webhookDeliveries, { outcome: 'retry' });
    // The same inputs again: the result cache completes the job in the request (the other final transition).
    const { http, jobId } = await submit();
    expect(http).toBe(200);
    const attempts = await until(
      () => receiver.at('/flaky').slice(before),
      (r) => r.length >= 2,
      'the flaky receiver tried twice',
    );
    expect(attempts[0]!.headers['x-mad-delivery']).toBe(attempts[1]!.headers['x-mad-delivery']);
    expect(attempts[0]!.body).toBe(attempts[1]!.body);
    for (const attempt of attempts)
      expect(signatureVerifies(flaky.secret, String(attempt.headers['x-mad-signature']), attempt.body)).toBe(true);
    const log = await until(
      () => deliveries(flaky.id),
      (d) => d.find((x) => x.jobId === jobId)?.status === 'delivered',
      'the retried delivery delivered',
    );
    expect(log.map((d) => d.jobId).sort()).toEqual([firstJob, jobId].sort());
    expect(log.find((d) => d.jobId === jobId)).toMatchObject({
      attempts: 2,
      lastStatusCode: 200,
      attemptLog: [
        { attempt: 1, statusCode: 500, error: 'the receiver answered 500' },
        { attempt: 2, statusCode: 200, error: null },
      ],
    });
    expect(await counterValue(stack.worker().metrics.webhookDeliveries, { outcome: 'retry' })).toBeGreaterThanOrEqual(
      retries + 1,
    );
    // Exactly once: no second delivery of either job to the steady receiver.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.at('/steady').map((r) => (JSON.parse(r.body) as { job: { jobId: string } }).job.jobId)).toEqual([
      firstJob,
      jobId,
    ]);
  }, 120_000);

  it('tells of a cancelled job only the webhooks subscribed to job.cancelled', async () => {
    const response = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        receptorId,
        ligands: ['CCCCO', 'CCCCN', 'CCCCCO', 'CCOCC'].map((smiles) => ({ smiles, name: smiles })),
        bindingSite: SITE,
        params: { ...PARAMS, exhaustiveness: 16 },
      },
    });
    const { jobId } = (await response.json()) as { jobId: string };
    const cancelled = await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(((await cancelled.json()) as { status: string }).status).toBe('CANCELLED');
    const log = await until(
      () => deliveries(steady.id),
      (d) => d.some((x) => x.jobId === jobId && x.status === 'delivered'),
      'the cancelled job delivered',
    );
    expect(log.find((d) => d.jobId === jobId)).toMatchObject({ event: 'job.cancelled' });
    expect((await deliveries(flaky.id)).some((d) => d.jobId === jobId)).toBe(false);
    const sent = receiver.at('/steady').find((r) => r.body.includes(jobId))!;
    expect(sent.headers['x-mad-event']).toBe('job.cancelled');
  }, 60_000);

  it('gives up after WEBHOOK_MAX_ATTEMPTS and records each failed attempt (a test delivery)', async () => {
    const log = await until(
      () => deliveries(down.id),
      (d) => d[0]?.status === 'failed',
      'the test delivery failed for good',
    );
    expect(log[0]).toMatchObject({ id: downDelivery, event: 'webhook.test', attempts: 3, lastStatusCode: 503 });
    expect(log[0]!.attemptLog.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    const sent = receiver.at('/down');
    expect(sent).toHaveLength(3);
    expect(sent[0]!.headers['x-mad-event']).toBe('webhook.test');
    expect(signatureVerifies(down.secret, String(sent[0]!.headers['x-mad-signature']), sent[0]!.body)).toBe(true);
    expect(await counterValue(stack.worker().metrics.webhookDeliveries, { outcome: 'failed' })).toBeGreaterThan(0);
  }, 60_000);

  it("refuses at send time a private address the worker's guard does not allow, and sends nothing there", async () => {
    const guarded = await createWebhook({ url: `${receiverUrl}/guarded` });
    // A row due in an hour, so the running worker (which allows private networks) leaves it alone; this attempt is
    // made here with a guard that allows no private address, as a worker without WEBHOOK_ALLOW_PRIVATE_NETWORKS would.
    const queued = await stack.db
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: guarded.id,
        job_id: null,
        event: 'webhook.test',
        payload: JSON.stringify({ event: 'webhook.test', occurredAt: new Date().toISOString(), job: null, links: {} }),
        next_attempt_at: new Date(Date.now() + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcome = await deliverOnce(
      {
        db: stack.db,
        log: pino({ level: 'silent' }),
        outbound: {
          allowHttp: true,
          allowPrivateAddresses: false,
          timeoutMs: 2_000,
          privateNetworksSetting: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
        },
        delivery: { maxAttempts: 3, retryDelayMs: 3_600_000 },
        publicUrl: PUBLIC_URL,
      },
      queued.id,
    );
    expect(outcome).toBe('retry');
    const [logged] = await deliveries(guarded.id);
    expect(logged).toMatchObject({ attempts: 1, lastStatusCode: null, status: 'pending' });
    expect(logged!.lastError).toMatch(/127\.0\.0\.1.*loopback, private or reserved.*the server does not connect there/);
    expect(receiver.at('/guarded')).toHaveLength(0);
  });

  it('rotates a secret: both sign during the grace period, then only the new one; the old one is never answered again', async () => {
    const hook = await createWebhook({ url: `${receiverUrl}/rotating`, events: ['job.completed'] });
    const sendTest = async () => {
      const before = receiver.at('/rotating').length;
      const queued = await admin(`/api/v1/webhooks/${hook.id}/test`, { method: 'POST' });
      expect(queued.status).toBe(202);
      const { deliveryId } = (await queued.json()) as { deliveryId: string };
      await until(
        () => receiver.at('/rotating').length,
        (n) => n > before,
        'the test delivery arrived',
      );
      const got = receiver.at('/rotating').at(-1)!;
      expect(got.headers['x-mad-delivery']).toBe(deliveryId);
      return got;
    };
    const before = await sendTest();
    expect(v1sOf(String(before.headers['x-mad-signature'])).v1).toHaveLength(1);
    expect(verifiesWith(hook.secret, before)).toBe(true);

    const rotated = await admin(`/api/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const fresh = (await rotated.json()) as WebhookBody & {
      secret: string;
      secretRotatedAt: string;
      previousSecretExpiresAt: string;
    };
    expect(fresh.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(fresh.secret).not.toBe(hook.secret);
    const graceEnd = Date.parse(fresh.previousSecretExpiresAt);
    expect(graceEnd - Date.parse(fresh.secretRotatedAt)).toBeCloseTo(GRACE_SECONDS * 1_000, -3);
    const read = (await (await admin(`/api/v1/webhooks/${hook.id}`)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ previousSecretExpiresAt: fresh.previousSecretExpiresAt });
    expect(JSON.stringify(read)).not.toContain(fresh.secret);
    expect(JSON.stringify(read)).not.toContain(hook.secret);

    // During the grace period: two v1 signatures, the new secret's first; a receiver on either secret verifies.
    const during = await sendTest();
    const signed = v1sOf(String(during.headers['x-mad-signature']));
    expect(signed.v1).toHaveLength(2);
    expect(signed.v1[0]).toBe(createHmac('sha256', fresh.secret).update(`${signed.t}.${during.body}`).digest('hex'));
    expect(verifiesWith(fresh.secret, during)).toBe(true);
    expect(verifiesWith(hook.secret, during)).toBe(true);
    expect(verifiesWith(`${hook.secret}x`, during)).toBe(false);

    // After it: only the new secret signs; a receiver still on the old one refuses the delivery.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnd - Date.now() + 500)));
    const after = await sendTest();
    expect(v1sOf(String(after.headers['x-mad-signature'])).v1).toHaveLength(1);
    expect(verifiesWith(fresh.secret, after)).toBe(true);
    expect(verifiesWith(hook.secret, after)).toBe(false);
    expect(await (await admin(`/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({ previousSecretExpiresAt: null });

    // A scientist may not rotate (403), an unknown webhook is a 404, and nothing else is taken.
    expect((await stack.api(`/api/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' })).status).toBe(403);
    expect((await admin(`/api/v1/webhooks/${crypto.randomUUID()}/rotate-secret`, { method: 'POST' })).status).toBe(404);
    const extra = await admin(`/api/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST', json: { grace: 1 } });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(await extra.json())).toContain('grace');
  }, 90_000);

  it('deletes a webhook with its log; it is then not found', async () => {
    const deleted = await admin(`/api/v1/webhooks/${flaky.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: flaky.id, deleted: true });
    expect((await admin(`/api/v1/webhooks/${flaky.id}`)).status).toBe(404);
    expect((await admin(`/api/v1/webhooks/${flaky.id}/deliveries`)).status).toBe(404);
    const left = await stack.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', flaky.id)
      .execute();
    expect(left).toEqual([]);
  });
});
