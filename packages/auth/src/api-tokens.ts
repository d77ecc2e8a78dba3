// API tokens for scripts: `mad_` + 256 random bits, shown once; the tokens table keeps a SHA-256 and a short prefix
// (enough to recognise a token in a list, far too short to use).
import { randomSecret, sha256Hex } from './secrets.js';

export const API_TOKEN_PREFIX = 'mad_';
const API_TOKEN_SHAPE = /^mad_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  secret: string;
  hash: string;
  prefix: string;
}

export function generateApiToken(): NewApiToken {
  const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  return { secret, hash: sha256Hex(secret), prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6) };
}

export function looksLikeApiToken(value: string): boolean {
  return API_TOKEN_SHAPE.test(value);
}

/** The bearer credential of an Authorization header, or null when there is none. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}
