// OpenID Connect sign-in with openid-client 6: authorization code flow with PKCE (S256), state and nonce. A started
// login is a row in login_attempts keyed by the hash of a random id kept in a short-lived cookie, consumed by the
// callback, so a replayed or forged callback finds nothing to complete.
import * as client from 'openid-client';
import { sql } from 'kysely';
import type { Database } from '@mad/db';
import { AppError } from '@mad/domain/errors';
import { randomSecret, sha256Hex } from './secrets.js';
import { guardedFetch, type OutboundPolicy } from './outbound.js';
import type { SecretResolver } from './secret-refs.js';

/** The provider could not be reached or answered wrongly (the /auth routes answer 502 with the reason). */
export class ProviderUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailable';
  }
}

export interface IdentityProviderRecord {
  id: string;
  orgId: string;
  /** The organisation's slug: whose secret references the provider may name (secret-refs.ts). */
  orgSlug: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string | null;
  allowedEmailDomains: string[];
  defaultRoleId: string;
  autoProvision: boolean;
  enabled: boolean;
  updatedAt: Date;
}

export async function loadIdentityProvider(db: Database, id: string): Promise<IdentityProviderRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db
    .selectFrom('identity_providers')
    .innerJoin('organizations', 'organizations.id', 'identity_providers.org_id')
    .selectAll('identity_providers')
    .select('organizations.slug as org_slug')
    .where('identity_providers.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    orgId: row.org_id,
    orgSlug: row.org_slug,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretRef: row.client_secret_ref,
    allowedEmailDomains: row.allowed_email_domains,
    defaultRoleId: row.default_role_id,
    autoProvision: row.auto_provision,
    enabled: row.enabled,
    updatedAt: row.updated_at,
  };
}

/** True when the email's domain is one of `domains` (an empty list allows every domain). */
export function emailDomainAllowed(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return domains.some((allowed) => allowed.toLowerCase() === domain);
}

/** Where to go after sign-in: only a path on this site ("/jobs/1"), never another origin ("//evil", "https://…"). */
export function safeReturnTo(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\') ||
    value.length > 1000
  )
    return '/';
  return /[\r\n\t]/.test(value) ? '/' : value;
}

export interface OidcOptions {
  /** <PUBLIC_URL>/auth/callback, registered at each provider. */
  redirectUri: string;
  /**
   * Every request to a provider (discovery, JWKS, token) goes through this policy: https (http only when
   * `allowHttp`, i.e. outside production), public addresses only, a short timeout, no redirects (outbound.ts).
   */
  outbound: OutboundPolicy;
  /** Reads a client secret by the reference in identity_providers.client_secret_ref (allow-list: secret-refs.ts). */
  secrets: SecretResolver;
  loginAttemptTtlMs?: number;
}

export interface VerifiedLogin {
  provider: IdentityProviderRecord;
  subject: string;
  email: string;
  emailVerified: boolean | undefined;
  displayName: string | null;
  idToken: string | null;
  returnTo: string;
}

export class OidcLogin {
  private readonly configurations = new Map<string, { version: number; config: Promise<client.Configuration> }>();

  constructor(
    private readonly db: Database,
    private readonly options: OidcOptions,
  ) {}

  /** The provider's discovered configuration, cached until the provider row changes. */
  async configuration(provider: IdentityProviderRecord): Promise<client.Configuration> {
    const version = provider.updatedAt.getTime();
    const cached = this.configurations.get(provider.id);
    if (cached && cached.version === version) return cached.config;
    const config = this.discover(provider);
    this.configurations.set(provider.id, { version, config });
    config.catch(() => this.configurations.delete(provider.id));
    return config;
  }

  private async discover(provider: IdentityProviderRecord): Promise<client.Configuration> {
    const issuer = new URL(provider.issuer);
    const insecure = issuer.protocol === 'http:';
    if (insecure && !this.options.outbound.allowHttp && !this.trusted(issuer)) {
      throw new AppError(
        'BAD_REQUEST',
        `identity provider "${provider.displayName}": issuer ${provider.issuer} must use https`,
      );
    }
    let secret: string | undefined;
    if (provider.clientSecretRef) {
      const resolved = this.options.secrets.resolve(provider.clientSecretRef, provider.orgSlug);
      if ('problem' in resolved)
        throw new AppError('BAD_REQUEST', `identity provider "${provider.displayName}": ${resolved.problem}`);
      secret = resolved.secret;
    }
    try {
      return await client.discovery(
        issuer,
        provider.clientId,
        secret,
        secret ? client.ClientSecretPost(secret) : client.None(),
        {
          [client.customFetch]: guardedFetch(this.options.outbound),
          timeout: Math.ceil(this.options.outbound.timeoutMs / 1000),
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
    } catch (error) {
      throw new ProviderUnavailable(
        `identity provider "${provider.displayName}" could not be discovered at ${issuer.origin}: ${describeOidcError(error)}`,
        { cause: error },
      );
    }
  }

  private trusted(url: URL): boolean {
    return (this.options.outbound.trustedOrigins ?? []).some((origin) => new URL(origin).origin === url.origin);
  }

  /** Starts a login: stores state, nonce and PKCE verifier under a fresh login id; the caller sets it as a cookie. */
  async start(provider: IdentityProviderRecord, returnTo: string): Promise<{ loginId: string; authorizationUrl: URL }> {
    if (!provider.enabled) throw new AppError('NOT_FOUND', 'identity provider not found');
    const config = await this.configuration(provider);
    const loginId = randomSecret(32);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await this.db
      .insertInto('login_attempts')
      .values({
        id_hash: sha256Hex(loginId),
        provider_id: provider.id,
        state,
        nonce,
        code_verifier: codeVerifier,
        return_to: safeReturnTo(returnTo),
        expires_at: new Date(Date.now() + (this.options.loginAttemptTtlMs ?? 10 * 60_000)),
      })
      .execute();
    await this.db
      .deleteFrom('login_attempts')
      .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
      .execute();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { loginId, authorizationUrl };
  }

  /**
   * Completes a login from the callback URL: consumes the login attempt (one use), exchanges the code with the PKCE
   * verifier, and checks state, nonce, issuer and the ID token. Throws AppError (4xx) on any mismatch.
   */
  async finish(loginId: string | undefined, callbackUrl: URL): Promise<VerifiedLogin> {
    const started = 'start again from the sign-in page';
    if (!loginId) throw new AppError('BAD_REQUEST', `no sign-in in progress in this browser; ${started}`);
    const attempt = await this.db
      .deleteFrom('login_attempts')
      .where('id_hash', '=', sha256Hex(loginId))
      .returningAll()
      .executeTakeFirst();
    if (!attempt || attempt.expires_at <= new Date())
      throw new AppError('BAD_REQUEST', `this sign-in was already completed or has expired; ${started}`);
    const provider = await loadIdentityProvider(this.db, attempt.provider_id);
    if (!provider?.enabled)
      throw new AppError('BAD_REQUEST', `the identity provider of this sign-in is no longer enabled; ${started}`);
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError)
      throw new AppError(
        'FORBIDDEN',
        `the identity provider refused the sign-in (${providerError.slice(0, 100)}); ${started}`,
      );

    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      const config = await this.configuration(provider);
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'BAD_REQUEST',
        `the sign-in response did not verify (${describeOidcError(error)}); ${started}`,
      );
    }
    const claims = tokens.claims();
    if (!claims) throw new AppError('BAD_REQUEST', `the identity provider returned no ID token; ${started}`);
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email)
      throw new AppError(
        'FORBIDDEN',
        'the identity provider did not share your email address (scope "email"); ask your administrator',
      );
    if (claims.email_verified === false)
      throw new AppError('FORBIDDEN', `the identity provider says ${email} is not verified`);
    if (!emailDomainAllowed(email, provider.allowedEmailDomains)) {
      throw new AppError(
        'FORBIDDEN',
        `${email} may not sign in through ${provider.displayName}: allowed email domains are ${provider.allowedEmailDomains.join(', ')}`,
      );
    }
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : null;
    return {
      provider,
      subject: claims.sub,
      email,
      emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
      displayName: name,
      idToken: tokens.id_token ?? null,
      returnTo: attempt.return_to,
    };
  }

  /** The provider's end-session URL (RP-initiated logout), or null when it has none. */
  async endSessionUrl(
    provider: IdentityProviderRecord,
    idToken: string | null,
    postLogoutRedirectUri: string,
  ): Promise<URL | null> {
    try {
      const config = await this.configuration(provider);
      if (!config.serverMetadata().end_session_endpoint) return null;
      const parameters: Record<string, string> = {
        post_logout_redirect_uri: postLogoutRedirectUri,
        client_id: provider.clientId,
      };
      if (idToken) parameters.id_token_hint = idToken;
      return client.buildEndSessionUrl(config, parameters);
    } catch {
      return null;
    }
  }
}

/** A short reason from openid-client/oauth4webapi errors (the innermost cause), for the log and the 4xx page. */
export function describeOidcError(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
    return `provider error ${error.error}`;
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (current instanceof client.AuthorizationResponseError || current instanceof client.ResponseBodyError)
    return `provider error ${current.error}`;
  const message = (current instanceof Error ? current.message : String(current)).slice(0, 200);
  // openid-client's "unexpected HTTP response status code" and "unexpected response content-type" keep the response
  // as their cause: say what it was (a discovery URL that answers an HTML page is a wrong issuer URL).
  const response = current instanceof Error ? current.cause : undefined;
  if (response instanceof Response) {
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const shown = type.replace(/[^\x21-\x7e]/g, '').slice(0, 60) || 'no content-type';
    return `${message}: HTTP ${response.status}, ${shown}${response.ok ? ', not application/json' : ''}`;
  }
  return message;
}
