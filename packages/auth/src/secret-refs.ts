// Where an identity provider's client secret comes from. An organisation admin names it (identity_providers.
// client_secret_ref) but may only name what the operator put there for that purpose, and for that organisation:
// an environment variable OIDC_CLIENT_SECRET_<ORG> or OIDC_CLIENT_SECRET_<ORG>__<NAME>, where <ORG> is the
// organisation's slug in capitals with dashes as underscores, or a file in the organisation's folder of the
// operator's secrets folder (OIDC_SECRETS_DIR/<slug>/<name>, e.g. a mounted Kubernetes Secret). Nothing else of the
// server (SESSION_SECRET, DATABASE_URL, PATH…) and nothing of another organisation can be named, at creation or at
// use: a sign-in would otherwise send its value to a token endpoint the admin controls.
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

export const SECRET_ENV_PREFIX = 'OIDC_CLIENT_SECRET_';
const ENV_REF = /^OIDC_CLIENT_SECRET_[A-Z0-9_]{1,80}$/;
const FILE_REF = /^file:([A-Za-z0-9][A-Za-z0-9._-]{0,99})$/;
/** The part after OIDC_CLIENT_SECRET_<ORG>__: words of capitals and digits joined by single underscores. */
const ENV_NAME = /^[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

export const SECRET_REF_RULE =
  `the name of an environment variable ${SECRET_ENV_PREFIX}<ORG> or ${SECRET_ENV_PREFIX}<ORG>__<NAME>, where <ORG> ` +
  `is the organisation's slug in capitals with dashes as underscores (e.g. ${SECRET_ENV_PREFIX}ACME_LABS__ENTRA ` +
  'for acme-labs), or file:<name> of a file in the server’s OIDC_SECRETS_DIR/<organisation slug>/; never the secret ' +
  'itself';

export type SecretRef = { kind: 'env'; name: string } | { kind: 'file'; name: string };

/** The reference, or null when its form is not one the allow-list admits (whose it may be is checked apart). */
export function parseSecretRef(ref: string): SecretRef | null {
  if (ENV_REF.test(ref)) return { kind: 'env', name: ref };
  const file = FILE_REF.exec(ref);
  if (file && !file[1]!.includes('..')) return { kind: 'file', name: file[1]! };
  return null;
}

/**
 * The environment variable an organisation's references start with: OIDC_CLIENT_SECRET_ACME_LABS for acme-labs; null
 * for a slug with "--", which would read as the <ORG>__<NAME> separator (such an organisation uses file: references).
 */
export function orgSecretEnvName(orgSlug: string): string | null {
  if (orgSlug.includes('--')) return null;
  return SECRET_ENV_PREFIX + orgSlug.toUpperCase().replace(/-/g, '_');
}

/** Why `ref` is not one of this organisation's references, or null. */
function ownerProblem(parsed: SecretRef, orgSlug: string): string | null {
  if (parsed.kind === 'file') return null;
  const own = orgSecretEnvName(orgSlug);
  if (!own)
    return `organisation "${orgSlug}" has "--" in its slug, so it cannot name environment variables; use file:<name>`;
  if (parsed.name === own) return null;
  if (parsed.name.startsWith(`${own}__`) && ENV_NAME.test(parsed.name.slice(own.length + 2))) return null;
  return `clientSecretRef "${parsed.name}" is not one of organisation "${orgSlug}"'s: use ${own} or ${own}__<NAME>`;
}

/** Why `ref` is not a reference the organisation `orgSlug` may name (its form, or another's), or null. */
export function secretRefProblem(ref: string, orgSlug: string): string | null {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(orgSlug)) return `"${orgSlug.slice(0, 70)}" is not an organisation slug`;
  const parsed = parseSecretRef(ref);
  if (!parsed) return `clientSecretRef "${ref.slice(0, 100)}" is not allowed: ${SECRET_REF_RULE}`;
  return ownerProblem(parsed, orgSlug);
}

export interface SecretSources {
  /** The server's environment; only OIDC_CLIENT_SECRET_* variables are ever read from it. */
  env: Record<string, string | undefined>;
  /** OIDC_SECRETS_DIR: file references are refused when unset. */
  secretsDir?: string | undefined;
}

export interface SecretResolver {
  /** Why `ref` cannot be used by this organisation (form, owner, a file reference without OIDC_SECRETS_DIR), or null. */
  problem(ref: string, orgSlug: string): string | null;
  /** The secret, or a reason it cannot be had. */
  resolve(ref: string, orgSlug: string): { secret: string } | { problem: string };
}

/** Reads secrets by reference from the allowed sources only (a snapshot of the prefixed variables, taken now). */
export function createSecretResolver(sources: SecretSources): SecretResolver {
  const allowed = new Map(
    Object.entries(sources.env).filter(
      (entry): entry is [string, string] => ENV_REF.test(entry[0]) && typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const problem = (ref: string, orgSlug: string): string | null => {
    const refused = secretRefProblem(ref, orgSlug);
    if (refused) return refused;
    if (parseSecretRef(ref)!.kind === 'file' && !sources.secretsDir)
      return `clientSecretRef "${ref}" names a file, but the server has no OIDC_SECRETS_DIR; use ${orgSecretEnvName(orgSlug) ?? SECRET_ENV_PREFIX + '<ORG>'}`;
    return null;
  };
  return {
    problem,
    resolve(ref, orgSlug) {
      const refused = problem(ref, orgSlug);
      if (refused) return { problem: refused };
      const parsed = parseSecretRef(ref)!;
      if (parsed.kind === 'env') {
        const secret = allowed.get(parsed.name);
        return secret
          ? { secret }
          : { problem: `the server has no environment variable ${parsed.name} (the provider's client secret)` };
      }
      try {
        // Inside the organisation's folder after following links (a Kubernetes Secret mount links each key into
        // ..data/, so the folder itself is resolved first).
        const folder = realpathSync(join(sources.secretsDir!, orgSlug));
        const path = realpathSync(join(folder, parsed.name));
        if (!path.startsWith(folder + sep)) return { problem: `${ref} resolves outside OIDC_SECRETS_DIR/${orgSlug}` };
        const secret = readFileSync(path, 'utf8').trim();
        return secret ? { secret } : { problem: `the secret file ${orgSlug}/${parsed.name} is empty` };
      } catch {
        return { problem: `the server has no secret file ${orgSlug}/${parsed.name} in OIDC_SECRETS_DIR` };
      }
    },
  };
}
