// Test harness for the molecules routes: a database with two organisations and API tokens per role, s3rver, and
// the app served on a free port with real token authentication.
import { pino } from 'pino';
import type { Database } from '@mad/db';
import { createOrganization, type OrganizationRef } from '@mad/auth';
import { createStorage, type Storage } from '@mad/storage';
import { startTestS3, uniqueName, type TestS3 } from '@mad/test-utils';
import type { Services } from '@mad/api';
import { memberWithToken, migratedTestDatabase, serveApp, testServerAuth, type Listening } from './auth-http.js';

export type Role = 'viewer' | 'scientist';

export interface MoleculesHarness {
  db: Database;
  storage: Storage;
  orgs: { acme: OrganizationRef; other: OrganizationRef };
  tokens: { acme: Record<Role, string>; other: Record<Role, string> };
  serve(overrides?: Partial<Services>): Promise<Listening>;
  close(): Promise<void>;
}

export async function startMoleculesHarness(
  prefix: string,
  limits = { maxBytes: 1024 * 1024, maxRecords: 50 },
): Promise<MoleculesHarness> {
  const database = await migratedTestDatabase(prefix, 6);
  const s3: TestS3 = await startTestS3(uniqueName('mol').toLowerCase().replace(/_/g, '-'));
  const { db } = database;
  const storage = createStorage({ ...s3, forcePathStyle: true });
  const orgs = {
    acme: await createOrganization(db, { slug: 'acme', name: 'Acme' }),
    other: await createOrganization(db, { slug: 'other', name: 'Other' }),
  };
  const tokens = { acme: { viewer: '', scientist: '' }, other: { viewer: '', scientist: '' } };
  for (const key of ['acme', 'other'] as const) {
    for (const role of ['viewer', 'scientist'] as const)
      tokens[key][role] = (await memberWithToken(db, orgs[key].id, `${role}@${key}.example.org`, role)).token;
  }
  const log = pino({ level: 'silent' });
  const auth = testServerAuth({ db, log, rateLimit: { maxFailures: 10_000, windowMs: 600_000 } });
  const servers: Listening[] = [];
  return {
    db,
    storage,
    orgs,
    tokens,
    async serve(overrides = {}) {
      const services: Services = {
        db,
        publicUrl: 'http://127.0.0.1',
        storage,
        uploadLimits: limits,
        artifactLinkSeconds: 60,
        ...overrides,
      };
      const server = await serveApp(services, log, auth);
      servers.push(server);
      return server;
    },
    async close() {
      for (const server of servers) await server.close();
      storage.destroy();
      await Promise.all([database.close(), s3.stop()]);
    },
  };
}

export interface UploadAnswer {
  status: number;
  body: {
    molecules: ({
      id: string;
      artifactId: string;
      uploadArtifactId: string | null;
      kind: string;
      name: string;
      formula: string | null;
      file: string | null;
      record: number;
      deduplicated: boolean;
    } & Record<string, unknown>)[];
    errors: { file: string | null; record: number; line: number | null; position?: number; reason: string }[];
    code?: string;
    message?: string;
  };
}

/** POSTs files as multipart/form-data (names are sent verbatim, control characters included). */
export async function uploadFiles(
  url: string,
  token: string | null,
  kind: string,
  files: { name: string; bytes: Uint8Array | string }[],
  fields: Record<string, string> = {},
): Promise<UploadAnswer> {
  const form = new FormData();
  form.set('kind', kind);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  for (const file of files)
    form.append('files', new Blob([typeof file.bytes === 'string' ? file.bytes : Buffer.from(file.bytes)]), file.name);
  const response = await fetch(`${url}/api/v1/molecules/upload`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

/** Follows GET /api/v1/artifacts/{id} by hand: the 302, then the presigned URL. */
export async function downloadArtifact(
  url: string,
  token: string,
  artifactId: string,
): Promise<{ status: number; location: string | null; bytes: Buffer | null }> {
  const redirect = await fetch(`${url}/api/v1/artifacts/${artifactId}`, {
    headers: { authorization: `Bearer ${token}` },
    redirect: 'manual',
  });
  const location = redirect.headers.get('location');
  if (redirect.status !== 302 || !location) return { status: redirect.status, location: null, bytes: null };
  const object = await fetch(location);
  return { status: object.status, location, bytes: object.ok ? Buffer.from(await object.arrayBuffer()) : null };
}
