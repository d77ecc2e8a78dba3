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
  type SessionPolicy,
} from '@mad/auth';
import type { Database } from '@mad/db';
import type { Principal } from '@mad/api';
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
  /** Keys CSRF tokens and the embedded provider's cookies; a random one per process when not configured. */
  sessionSecret: string | undefined;
  sessionPolicy: SessionPolicy;
  rateLimit: { maxFailures: number; windowMs: number };
  /** Mount the development identity provider at /idp and register it for this organisation. */
  embeddedIdp: { orgSlug: string; extraClients?: EmbeddedClient[] } | null;
  /** Reads a client secret by the name kept in identity_providers.client_secret_ref. */
  resolveSecret: (name: string) => string | undefined;
}

export interface ServerAuth {
  /** Mount before /trpc and /api: /auth/*, /idp/* and the credential check. */
  router: Router;
  authenticate: (req: Request) => Promise<Principal | null>;
  limiter: FailureRateLimiter;
  /** Registers the embedded identity provider (when enabled) for its organisation, creating the organisation if needed. */
  start(): Promise<void>;
}

export function createServerAuth(options: ServerAuthOptions): ServerAuth {
  if (!options.sessionSecret)
    options.log.warn('SESSION_SECRET is not set: CSRF tokens change when the server restarts');
  const serverKey = options.sessionSecret ?? randomSecret(48);
  const limiter = new FailureRateLimiter(options.rateLimit);
  const oidc = new OidcLogin(options.db, {
    redirectUri: `${options.publicUrl}/auth/callback`,
    allowInsecureIssuers: !options.production,
    resolveSecret: options.resolveSecret,
  });
  const credentials = createCredentialResolver({
    db: options.db,
    sessionPolicy: options.sessionPolicy,
    serverKey,
    limiter,
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
    }),
  );
  router.use(['/trpc', '/api'], credentials.middleware);

  return {
    router,
    authenticate: credentials.authenticate,
    limiter,
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
