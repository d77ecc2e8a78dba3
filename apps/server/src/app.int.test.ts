import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createDatabase, migrateUp } from '@mad/db';
import { parseEnv } from '@mad/env';
import {
  closedPort,
  createTestDatabase,
  startTestNatsServer,
  startTestS3,
  type TestDatabase,
  type TestNatsServer,
  type TestS3,
} from '@mad/test-utils';
import { ensureBucket } from '@mad/storage';
import { serverEnvSchema, type ServerEnv } from './env.js';
import { createLogger } from './logger.js';
import { createRuntime, type Runtime } from './services.js';
import { createApp } from './app.js';
import { servedOpenApiDocument } from './openapi.js';
import { testServerEnv } from '../test/auth-http.js';

let database: TestDatabase;
let s3: TestS3;
let nats: TestNatsServer;
const started: { server: Server; runtime: Runtime }[] = [];

function envWith(overrides: Record<string, string>): ServerEnv {
  return testServerEnv(database, s3, { READY_TIMEOUT_MS: '1500', ...overrides });
}

async function serve(env: ServerEnv): Promise<{ url: string; runtime: Runtime }> {
  const log = createLogger(env.LOG_LEVEL);
  const runtime = createRuntime(env, log);
  const app = createApp({
    services: runtime.services,
    log,
    readinessChecks: runtime.readinessChecks,
    readyTimeoutMs: env.READY_TIMEOUT_MS,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  started.push({ server, runtime });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, runtime };
}

async function readyBody(url: string) {
  const response = await fetch(`${url}/ready`);
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }> },
  };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [database, s3, nats] = await Promise.all([createTestDatabase('mad_server'), startTestS3(), startTestNatsServer()]);
  const db = createDatabase({ connectionString: database.url, maxConnections: 2 });
  await migrateUp(db);
  await db.destroy();
});

afterAll(async () => {
  for (const { server, runtime } of started) {
    server.close();
    await runtime.close();
  }
  await Promise.all([database?.drop(), s3?.stop(), nats?.stop()]);
});

describe('GET /health', () => {
  it('answers ok without touching any dependency', async () => {
    const port = await closedPort();
    const { url } = await serve(
      envWith({
        DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`,
        NATS_URL: `nats://127.0.0.1:${port}`,
        S3_ENDPOINT: `http://127.0.0.1:${port}`,
      }),
    );
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /ready', () => {
  it('is 200 with every check when Postgres, NATS JetStream and S3 answer', async () => {
    const { url } = await serve(envWith({ NATS_URL: nats.url }));
    const { status, body } = await eventually(
      () => readyBody(url),
      (r) => r.status === 200,
    );
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['nats', 's3', 'postgres'].sort());
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
  });

  it('is 503 naming postgres when the database does not answer', async () => {
    const port = await closedPort();
    const { url } = await serve(envWith({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/none` }));
    const { status, body } = await eventually(
      () => readyBody(url),
      (r) => r.body.checks.nats?.ok === true,
    );
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.postgres?.ok).toBe(false);
    expect(body.checks.postgres?.error).toMatch(/ECONNREFUSED|connect/);
    expect(body.checks.nats?.ok).toBe(true);
    expect(body.checks.s3?.ok).toBe(true);
  });

  it('is 503 naming s3 when the bucket is missing', async () => {
    const { url } = await serve(envWith({ S3_BUCKET: 'no-such-bucket' }));
    const { status, body } = await eventually(
      () => readyBody(url),
      (r) => r.body.checks.nats?.ok === true,
    );
    expect(status).toBe(503);
    expect(body.checks.s3?.ok).toBe(false);
    expect(body.checks.postgres?.ok).toBe(true);
  });

  it('is 503 naming nats when NATS never answered, and when the NATS it used stops', async () => {
    const port = await closedPort();
    const never = await serve(envWith({ NATS_URL: `nats://127.0.0.1:${port}` }));
    const neverReady = await readyBody(never.url);
    expect(neverReady.status).toBe(503);
    expect(neverReady.body.checks.nats?.error).toMatch(/NATS not connected/);

    const own = await startTestNatsServer();
    const { url } = await serve(envWith({ NATS_URL: own.url }));
    expect(
      (
        await eventually(
          () => readyBody(url),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
    await own.stop();
    const after = await eventually(
      () => readyBody(url),
      (r) => r.status === 503,
    );
    expect(after.status).toBe(503);
    expect(after.body.checks.nats?.ok).toBe(false);
    expect(after.body.checks.postgres?.ok).toBe(true);
  });
});

describe('REST bridge and tRPC', () => {
  it('serves the OpenAPI document, a REST route and a tRPC query with superjson', async () => {
    const { url, runtime } = await serve(envWith({}));
    const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/v1/version');
    // The document api-contract.test.ts checks API_CONTRACT.md against is the one served.
    expect(doc).toEqual(JSON.parse(JSON.stringify(servedOpenApiDocument(runtime.services.publicUrl))));
    const rest = await fetch(`${url}/api/v1/version`);
    expect(rest.status).toBe(200);
    expect(await rest.json()).toMatchObject({ apiVersion: 'v1' });
    const rpc = await fetch(`${url}/trpc/system.version`);
    expect(rpc.status).toBe(200);
    expect(await rpc.json()).toMatchObject({ result: { data: { json: { apiVersion: 'v1' } } } });
  });

  it('reads REST bodies far over the bridge default of 100 kB (large ligand lists), and refuses bodies over its limit', async () => {
    const { url } = await serve(envWith({}));
    const ligands = Array.from({ length: 5_000 }, (_, i) => ({
      smiles: 'CC(=O)Oc1ccccc1C(=O)O',
      name: `aspirin-${i}`,
    }));
    const large = JSON.stringify({
      receptorId: '00000000-0000-4000-8000-000000000000',
      ligands,
      bindingSite: { mode: 'blind' },
    });
    expect(large.length).toBeGreaterThan(200_000);
    const post = (body: string) =>
      fetch(`${url}/api/v1/pipelines/vina/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    // Anonymous: the body is read, then the access check answers 401 (413 would mean the body was refused).
    expect((await post(large)).status).toBe(401);
    expect((await post('x'.repeat(17 * 1024 * 1024))).status).toBe(413);
  });
});

describe('configuration', () => {
  it('lists every invalid variable with the reason', () => {
    expect(() =>
      parseEnv(serverEnvSchema, { PORT: '99999', DATABASE_URL: 'http://x', S3_FORCE_PATH_STYLE: 'sometimes' }),
    ).toThrow(
      /PORT="99999".*\n.*DATABASE_URL="http:\/\/x": must be a URL with scheme postgres or postgresql[\s\S]*S3_FORCE_PATH_STYLE/,
    );
    expect(() => parseEnv(serverEnvSchema, {})).toThrow(/DATABASE_URL: /);
  });
});

void ensureBucket;
