// The operator CLI's commands (src/cli.ts parses the environment and calls runOperatorCommand). Each writes
// human-readable lines; `bootstrap` and `create-token` end with the token alone on the last line, for scripts.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import {
  createOrganization,
  ensureUser,
  findOrganizationBySlug,
  issueApiToken,
  memberRole,
  revokeApiToken,
  roleByName,
  setMemberRole,
  type OrganizationRef,
} from '@mad/auth';
import { AppError } from '@mad/api';
import type { Database } from '@mad/db';

export const USAGE = `usage: npm run cli -- <command> [options]

  bootstrap      --org <slug> --email <email> [--name <org name>]
                 creates the organisation (with its results schema) and the user as admin when missing, then a new
                 API token, printed alone on the last line
  create-org     --org <slug> [--name <org name>]
  add-member     --org <slug> --email <email> [--role viewer|scientist|admin]
  create-token   --org <slug> --email <email> [--role <role>] [--name <label>] [--expires-days <n>]
  revoke-token   --org <slug> --id <token id>
  list-providers [--org <slug>]
  requeue-open-jobs [--reason <text>]
                 dispatches again every task that was queued or running (after a restore: the new stack's NATS
                 has none of their messages); run by npm run restore
  copy-bucket    copies the bucket (S3_*) into the backup bucket (BUCKET_COPY_*): new and changed objects only`;

export class UsageError extends Error {}

interface Io {
  out: (line: string) => void;
}

const options = {
  org: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  id: { type: 'string' },
  'expires-days': { type: 'string' },
} as const;

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function orgOrFail(db: Database, slug: string): Promise<OrganizationRef> {
  const org = await findOrganizationBySlug(db, slug);
  if (!org) throw new AppError('NOT_FOUND', `organisation "${slug}" not found; create it with create-org`);
  return org;
}

async function ensureOrg(db: Database, slug: string, name: string | undefined, io: Io): Promise<OrganizationRef> {
  const existing = await findOrganizationBySlug(db, slug);
  if (existing) {
    io.out(`organisation ${slug} exists (results schema ${existing.resultsSchema})`);
    return existing;
  }
  const org = await createOrganization(db, { slug, name: name ?? slug });
  io.out(`organisation ${slug} created (results schema ${org.resultsSchema})`);
  return org;
}

async function grant(db: Database, org: OrganizationRef, email: string, roleName: string, io: Io): Promise<string> {
  const role = await roleByName(db, roleName);
  const user = await ensureUser(db, email);
  const current = await memberRole(db, org.id, user.id);
  if (current?.id === role.id) {
    io.out(`${user.email} is already ${role.name} of ${org.slug}`);
  } else {
    await setMemberRole(db, org.id, user.id, role.id);
    io.out(`${user.email} is now ${role.name} of ${org.slug}${user.created ? ' (new user)' : ''}`);
  }
  return user.id;
}

async function token(
  db: Database,
  org: OrganizationRef,
  email: string,
  values: Record<string, string | undefined>,
  io: Io,
): Promise<void> {
  const user = await ensureUser(db, email);
  const member = await memberRole(db, org.id, user.id);
  if (!member) throw new AppError('NOT_FOUND', `${email} is not a member of ${org.slug}; add-member first`);
  const role = values.role ? await roleByName(db, values.role) : member;
  if (role.rank > member.rank)
    throw new AppError('FORBIDDEN', `a token cannot have role ${role.name}: ${email} is ${member.name}`);
  const days = values['expires-days'] ? Number(values['expires-days']) : null;
  if (days !== null && !(Number.isInteger(days) && days > 0))
    throw new UsageError('--expires-days must be a positive whole number');
  const issued = await issueApiToken(db, {
    orgId: org.id,
    userId: user.id,
    roleId: role.id,
    name: values.name ?? `cli ${new Date().toISOString().slice(0, 10)}`,
    expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
  });
  io.out(
    `API token ${issued.id} (${role.name} in ${org.slug}${issued.expiresAt ? `, expires ${issued.expiresAt.toISOString()}` : ''}); it is shown only now:`,
  );
  io.out(issued.secret);
}

export async function runOperatorCommand(db: Database, argv: string[], io: Io): Promise<void> {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  switch (command) {
    case 'bootstrap': {
      const email = required(values, 'email');
      const org = await ensureOrg(db, required(values, 'org'), values.name, io);
      await grant(db, org, email, 'admin', io);
      await token(db, org, email, { role: 'admin', name: 'bootstrap' }, io);
      return;
    }
    case 'create-org': {
      const slug = required(values, 'org');
      if (await findOrganizationBySlug(db, slug)) throw new AppError('CONFLICT', `organisation ${slug} already exists`);
      await ensureOrg(db, slug, values.name, io);
      return;
    }
    case 'add-member':
      await grant(
        db,
        await orgOrFail(db, required(values, 'org')),
        required(values, 'email'),
        values.role ?? 'viewer',
        io,
      );
      return;
    case 'create-token':
      await token(db, await orgOrFail(db, required(values, 'org')), required(values, 'email'), values, io);
      return;
    case 'revoke-token': {
      const org = await orgOrFail(db, required(values, 'org'));
      const id = required(values, 'id');
      if (!/^[0-9a-f-]{36}$/i.test(id) || !(await revokeApiToken(db, org.id, id)))
        throw new AppError('NOT_FOUND', `no live API token ${id} in ${org.slug}`);
      io.out(`API token ${id} revoked`);
      return;
    }
    case 'list-providers': {
      let query = db
        .selectFrom('identity_providers')
        .innerJoin('organizations', 'organizations.id', 'identity_providers.org_id')
        .innerJoin('roles', 'roles.id', 'identity_providers.default_role_id')
        .select([
          'identity_providers.id',
          'organizations.slug',
          'identity_providers.display_name',
          'identity_providers.issuer',
          'identity_providers.client_id',
          'identity_providers.enabled',
          'identity_providers.auto_provision',
          'roles.name as role',
        ])
        .select(sql<string>`array_to_string(identity_providers.allowed_email_domains, ',')`.as('domains'))
        .orderBy('organizations.slug')
        .orderBy('identity_providers.created_at');
      if (values.org) query = query.where('organizations.slug', '=', values.org);
      const rows = await query.execute();
      if (rows.length === 0) io.out('no identity providers');
      for (const p of rows) {
        io.out(
          `${p.id}  ${p.slug}  ${p.enabled ? 'enabled ' : 'disabled'}  ${p.display_name}  issuer=${p.issuer}  client=${p.client_id}  domains=${p.domains || '*'}  default-role=${p.role}${p.auto_provision ? ' (auto-provision)' : ''}`,
        );
      }
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}
