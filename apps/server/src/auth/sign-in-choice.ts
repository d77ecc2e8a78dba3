// Which identity providers a person may be offered: those of ONE organisation, found by its slug (/auth/login?org=acme)
// or by the domain of the person's email when exactly one organisation lists that domain on its providers. Never a
// list across organisations: a provider an admin names "Corporate SSO" shows only to people who asked for that
// admin's organisation, and always with the organisation's name beside it.
import { sql } from 'kysely';
import type { Database } from '@mad/db';

export interface OfferedProvider {
  id: string;
  displayName: string;
  org: { slug: string; name: string };
  loginUrl: string;
}

export type ProviderChoice =
  { org: { slug: string; name: string }; providers: OfferedProvider[] } | { problem: string; status: 400 | 404 };

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const EMAIL = /^[^\s@]{1,200}@([a-z0-9.-]{1,200}\.[a-z]{2,})$/i;

function providerQuery(db: Database) {
  return db
    .selectFrom('identity_providers')
    .innerJoin('organizations', 'organizations.id', 'identity_providers.org_id')
    .select([
      'identity_providers.id',
      'identity_providers.display_name',
      'organizations.slug',
      'organizations.name',
      'identity_providers.org_id',
    ])
    .where('identity_providers.enabled', '=', true)
    .orderBy('identity_providers.created_at');
}

export async function providerChoice(
  db: Database,
  publicUrl: string,
  ask: { org?: unknown; email?: unknown },
): Promise<ProviderChoice> {
  let rows: Awaited<ReturnType<ReturnType<typeof providerQuery>['execute']>>;
  if (typeof ask.org === 'string' && ask.org !== '') {
    const slug = ask.org.trim().toLowerCase();
    if (!SLUG.test(slug)) return { problem: 'an organisation is named by its short name, e.g. acme-labs', status: 400 };
    rows = await providerQuery(db).where('organizations.slug', '=', slug).execute();
    if (rows.length === 0)
      return {
        problem: `no organisation "${slug}" with a sign-in; check the name with your administrator`,
        status: 404,
      };
  } else if (typeof ask.email === 'string' && ask.email !== '') {
    const domain = EMAIL.exec(ask.email.trim())?.[1]?.toLowerCase();
    if (!domain) return { problem: 'that is not an email address', status: 400 };
    // Only providers that name the domain: one open to every domain would match everyone.
    rows = await providerQuery(db)
      .where(sql<boolean>`identity_providers.allowed_email_domains @> ${[domain]}::text[]`)
      .execute();
    const orgs = new Set(rows.map((r) => r.org_id));
    if (orgs.size !== 1)
      return {
        problem:
          orgs.size === 0
            ? `no organisation signs in people of ${domain} by email; enter your organisation's short name instead`
            : `several organisations accept ${domain}; enter your organisation's short name instead`,
        status: 404,
      };
  } else {
    return { problem: 'name an organisation (?org=<short name>) or an email address (?email=…)', status: 400 };
  }
  const first = rows[0]!;
  return {
    org: { slug: first.slug, name: first.name },
    providers: rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      org: { slug: r.slug, name: r.name },
      loginUrl: `${publicUrl}/auth/login?provider=${r.id}`,
    })),
  };
}
