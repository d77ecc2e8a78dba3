// Sign-in and access for the HTTP server: the /auth routes, the embedded identity provider (EMBEDDED_IDP=true),
// and the credential check in front of /trpc and /api. See project_design/ACCESS.md.
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import {
  createOrganization,
  findOrganizationBySlug,
  FailureRateLimiter,
  hmacBase64url,
  OidcLogin,
  randomSecret,
  roleByName,
  addressProblem,
  type OutboundPolicy,
  type SecretResolver,
  type SessionPolicy,
} from '@mad/auth';
import type { Database } from '@mad/db';
import type { Principal, ProviderRules } from '@mad/api';
import { isIP } from 'node:net';
import { createCredentialResolver } from './credentials.js';
import { createEmbeddedIdp, type EmbeddedClient } from './embedded-idp.js';
import { createAuthRoutes } from './routes.js';

export const EMBEDDED_IDP_PATH = '/idp';
export const EMBEDDED_CLIENT_ID = 'mad-dashboard';
export const DEV_ACCOUNT = { email: 'dev@example.org', name: 'Dev User' };

export interface ServerAuthOptions {
  db: Database;
  log: Logger;
  publicUrl: string;
  /** http:// issuers are allowed outside production only. */
  production: boolean;
  /** Requests to identity providers: loopback/private targets allowed (OIDC_ALLOW_PRIVATE_NETWORKS), timeout. */
  outbound?: { allowPrivateAddresses: boolean; timeoutMs: number };
  /** Keys CSRF tokens and the embedded provider's cookies; a random one per process when not configured. */
  sessionSecret: string | undefined;
  sessionPolicy: SessionPolicy;
  /**
   * Failed authentications: `maxFailures` per presented credential and address (one bad token, one login attempt),
   * and `maxFailuresPerAddress` (default 10 × maxFailures) for all of an address's failures together, which bounds a
   * spray of different bad tokens from one address.
   */
  rateLimit: { maxFailures: number; windowMs: number; maxFailuresPerAddress?: number };
  /** Changes (POST, PUT, PATCH, DELETE) per user and organisation per minute (WRITE_RATE_LIMIT_PER_MINUTE); none when absent. */
  writesPerMinute?: number;
  /** Mount the development identity provider at /idp and register it for this organisation. */
  embeddedIdp: { orgSlug: string; extraClients?: EmbeddedClient[]; allowRemote?: boolean } | null;
  /** Reads a client secret by the reference kept in identity_providers.client_secret_ref (allow-listed sources). */
  secrets: SecretResolver;
}

export interface ServerAuth {
  /** Mount before /trpc and /api: /auth/*, /idp/* and the credential check. */
  router: Router;
  authenticate: (req: Request) => Promise<Principal | null>;
  limiter: FailureRateLimiter;
  /** All failed authentications of one address together (AUTH_RATE_LIMIT_MAX_FAILURES_PER_ADDRESS). */
  addressLimiter: FailureRateLimiter;
  /** What the providers procedures check before storing an issuer or a clientSecretRef. */
  providerRules: ProviderRules;
  /** Registers the embedded identity provider (when enabled) for its organisation, creating the organisation if needed. */
  start(): Promise<void>;
}

/** The checks at creation; the same rules are applied again at use (OidcLogin, with DNS resolution then). */
export function providerRulesOf(secrets: SecretResolver, policy: OutboundPolicy): ProviderRules {
  return {
    problems({ issuer, clientSecretRef }, orgSlug) {
      const problems: string[] = [];
      if (clientSecretRef) {
        const problem = secrets.problem(clientSecretRef, orgSlug);
        if (problem) problems.push(problem);
      }
      if (issuer !== undefined) {
        const url = new URL(issuer);
        const trusted = (policy.trustedOrigins ?? []).includes(url.origin);
        if (url.protocol === 'http:' && !policy.allowHttp && !trusted)
          problems.push(`issuer ${url.origin} must use https`);
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const address = isIP(host) ? addressProblem(host) : host === 'localhost' ? 'localhost is loopback' : null;
        if (address && !policy.allowPrivateAddresses && !trusted)
          problems.push(
            `issuer ${url.origin}: ${address}; the server does not connect there (OIDC_ALLOW_PRIVATE_NETWORKS)`,
          );
      }
      return problems;
    },
  };
}

/** Where the server may send sign-in requests: the embedded provider (the server itself) is always allowed. */
export function outboundPolicyOf(
  options: Pick<ServerAuthOptions, 'production' | 'outbound' | 'embeddedIdp' | 'publicUrl'>,
): OutboundPolicy {
  return {
    allowHttp: !options.production,
    allowPrivateAddresses: options.outbound?.allowPrivateAddresses ?? false,
    trustedOrigins: options.embeddedIdp ? [new URL(options.publicUrl).origin] : [],
    timeoutMs: options.outbound?.timeoutMs ?? 5_000,
  };
}

export function createServerAuth(options: ServerAuthOptions): ServerAuth {
  if (!options.sessionSecret)
    options.log.warn('SESSION_SECRET is not set: CSRF tokens change when the server restarts');
  const serverKey = options.sessionSecret ?? randomSecret(48);
  const limiter = new FailureRateLimiter(options.rateLimit);
  const addressLimiter = new FailureRateLimiter({
    maxFailures: options.rateLimit.maxFailuresPerAddress ?? 10 * options.rateLimit.maxFailures,
    windowMs: options.rateLimit.windowMs,
  });
  const oidc = new OidcLogin(options.db, {
    redirectUri: `${options.publicUrl}/auth/callback`,
    outbound: outboundPolicyOf(options),
    secrets: options.secrets,
  });
  const credentials = createCredentialResolver({
    db: options.db,
    sessionPolicy: options.sessionPolicy,
    serverKey,
    limiter,
    addressLimiter,
    ...(options.writesPerMinute
      ? { writeLimiter: new FailureRateLimiter({ maxFailures: options.writesPerMinute, windowMs: 60_000 }) }
      : {}),
  });

  const router = express.Router();
  const embeddedIssuer = `${options.publicUrl}${EMBEDDED_IDP_PATH}`;
  if (options.embeddedIdp) {
    const idp = createEmbeddedIdp({
      issuer: embeddedIssuer,
      accounts: [DEV_ACCOUNT],
      clients: [
        {
          clientId: EMBEDDED_CLIENT_ID,
          redirectUris: [`${options.publicUrl}/auth/callback`],
          postLogoutRedirectUris: [`${options.publicUrl}/`],
        },
        ...(options.embeddedIdp.extraClients ?? []),
      ],
      cookieKeys: [hmacBase64url(serverKey, 'embedded-idp-cookies')],
      allowRemote: options.embeddedIdp.allowRemote ?? false,
    });
    router.use(idp.router);
  }
  router.use(
    createAuthRoutes({
      db: options.db,
      log: options.log,
      publicUrl: options.publicUrl,
      oidc,
      sessionPolicy: options.sessionPolicy,
      serverKey,
      limiter,
      addressLimiter,
      embeddedOrg: options.embeddedIdp?.orgSlug,
    }),
  );
  router.use(['/trpc', '/api'], credentials.middleware);

  return {
    router,
    authenticate: credentials.authenticate,
    limiter,
    addressLimiter,
    providerRules: providerRulesOf(options.secrets, outboundPolicyOf(options)),
    async start() {
      if (!options.embeddedIdp) return;
      const { orgSlug } = options.embeddedIdp;
      const org =
        (await findOrganizationBySlug(options.db, orgSlug)) ??
        (await createOrganization(options.db, { slug: orgSlug, name: orgSlug === 'demo' ? 'Demo' : orgSlug }).catch(
          async () => findOrganizationBySlug(options.db, orgSlug),
        ));
      if (!org) throw new Error(`cannot create the organisation "${orgSlug}" for the embedded identity provider`);
      const admin = await roleByName(options.db, 'admin');
      // Development only: everyone at example.org who signs in here becomes an admin of the demo organisation.
      const values = {
        org_id: org.id,
        display_name: 'Development sign-in (embedded)',
        allowed_email_domains: ['example.org'],
        default_role_id: admin.id,
        auto_provision: true,
        enabled: true,
      };
      // Update-or-insert without ON CONFLICT, so that databases migrated before the unique key changed also work.
      const updated = await options.db
        .updateTable('identity_providers')
        .set(values)
        .where('org_id', '=', org.id)
        .where('issuer', '=', embeddedIssuer)
        .where('client_id', '=', EMBEDDED_CLIENT_ID)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) {
        await options.db
          .insertInto('identity_providers')
          .values({ ...values, issuer: embeddedIssuer, client_id: EMBEDDED_CLIENT_ID, client_secret_ref: null })
          .execute();
      }
      options.log.info(
        { issuer: embeddedIssuer, org: orgSlug },
        'embedded identity provider registered (development only)',
      );
    },
  };
}
