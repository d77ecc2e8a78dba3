// Where an identity provider's client secret comes from. An organisation admin names it (identity_providers.
// client_secret_ref) but may only name what the operator put there for that purpose: an environment variable whose
// name starts with OIDC_CLIENT_SECRET_, or a file in the operator's secrets folder (OIDC_SECRETS_DIR, e.g. a mounted
// Kubernetes Secret). Nothing else of the server (SESSION_SECRET, DATABASE_URL, PATH…) can be named, at creation
// or at use: a sign-in would otherwise send its value to a token endpoint the admin controls.
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';

export const SECRET_ENV_PREFIX = 'OIDC_CLIENT_SECRET_';
const ENV_REF = /^OIDC_CLIENT_SECRET_[A-Z0-9_]{1,80}$/;
const FILE_REF = /^file:([A-Za-z0-9][A-Za-z0-9._-]{0,99})$/;

export const SECRET_REF_RULE =
  `the name of an environment variable starting with ${SECRET_ENV_PREFIX} (e.g. ${SECRET_ENV_PREFIX}ENTRA), ` +
  'or file:<name> of a file in the server’s OIDC_SECRETS_DIR; never the secret itself';

export type SecretRef = { kind: 'env'; name: string } | { kind: 'file'; name: string };

/** The reference, or null when it is not one the allow-list admits. */
export function parseSecretRef(ref: string): SecretRef | null {
  if (ENV_REF.test(ref)) return { kind: 'env', name: ref };
  const file = FILE_REF.exec(ref);
  if (file && !file[1]!.includes('..')) return { kind: 'file', name: file[1]! };
  return null;
}

export interface SecretSources {
  /** The server's environment; only OIDC_CLIENT_SECRET_* variables are ever read from it. */
  env: Record<string, string | undefined>;
  /** OIDC_SECRETS_DIR: file references are refused when unset. */
  secretsDir?: string | undefined;
}

export interface SecretResolver {
  /** Why `ref` cannot be used here (format, or a file reference without OIDC_SECRETS_DIR), or null. */
  problem(ref: string): string | null;
  /** The secret, or a reason it cannot be had. */
  resolve(ref: string): { secret: string } | { problem: string };
}

/** Reads secrets by reference from the allowed sources only (a snapshot of the prefixed variables, taken now). */
export function createSecretResolver(sources: SecretSources): SecretResolver {
  const allowed = new Map(
    Object.entries(sources.env).filter(
      (entry): entry is [string, string] => ENV_REF.test(entry[0]) && typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  const problem = (ref: string): string | null => {
    const parsed = parseSecretRef(ref);
    if (!parsed) return `clientSecretRef "${ref.slice(0, 100)}" is not allowed: ${SECRET_REF_RULE}`;
    if (parsed.kind === 'file' && !sources.secretsDir)
      return `clientSecretRef "${ref}" names a file, but the server has no OIDC_SECRETS_DIR; use ${SECRET_ENV_PREFIX}<NAME>`;
    return null;
  };
  return {
    problem,
    resolve(ref) {
      const refused = problem(ref);
      if (refused) return { problem: refused };
      const parsed = parseSecretRef(ref)!;
      if (parsed.kind === 'env') {
        const secret = allowed.get(parsed.name);
        return secret
          ? { secret }
          : { problem: `the server has no environment variable ${parsed.name} (the provider's client secret)` };
      }
      try {
        // Inside the folder after following links (a Kubernetes Secret mount links each key into ..data/).
        const folder = realpathSync(sources.secretsDir!);
        const path = realpathSync(join(folder, parsed.name));
        if (!path.startsWith(folder + sep)) return { problem: `${ref} resolves outside OIDC_SECRETS_DIR` };
        const secret = readFileSync(path, 'utf8').trim();
        return secret ? { secret } : { problem: `the secret file ${parsed.name} is empty` };
      } catch {
        return { problem: `the server has no secret file ${parsed.name} in OIDC_SECRETS_DIR` };
      }
    },
  };
}
