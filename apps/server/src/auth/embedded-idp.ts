// The embedded OpenID provider (oidc-provider) for `npm start` and the tests: the dashboard signs in through the
// same OIDC code path as with Entra ID or Google. Passwordless: a known account's email is enough, which is why
// production configuration refuses EMBEDDED_IDP=true (see env.ts).
import { generateKeyPairSync } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import Provider, { type KoaContext } from 'oidc-provider';

export interface EmbeddedAccount {
  email: string;
  name: string;
}

export interface EmbeddedClient {
  clientId: string;
  /** Omitted: a public client (PKCE only), as the embedded dashboard client is. */
  clientSecret?: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Authorization code lifetime for this client (default 60 s); tests shorten it to see an expired code refused. */
  codeTtlSeconds?: number;
}

export interface EmbeddedIdpOptions {
  /** e.g. <PUBLIC_URL>/idp; the router serves it at that URL's path. */
  issuer: string;
  accounts: EmbeddedAccount[];
  clients: EmbeddedClient[];
  /** Signs the provider's own cookies. */
  cookieKeys: string[];
  /** EMBEDDED_IDP_ALLOW_REMOTE: the sign-in pages answer clients on other machines too (default: loopback only). */
  allowRemote?: boolean;
}

export interface EmbeddedIdp {
  issuer: string;
  router: Router;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped form: the client is on this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}input,button{font:inherit;padding:.4rem;margin:.3rem 0;width:100%}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The account id is the email (lower case); unknown emails are refused at the login form. */
function accountFor(accounts: EmbeddedAccount[], email: string): EmbeddedAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return accounts.find((a) => a.email.toLowerCase() === wanted);
}

export function createEmbeddedIdp(options: EmbeddedIdpOptions): EmbeddedIdp {
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, '');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const codeTtl = new Map(options.clients.map((c) => [c.clientId, c.codeTtlSeconds ?? 60]));

  const provider = new Provider(options.issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret
        ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_post' }
        : { token_endpoint_auth_method: 'none' }),
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    async findAccount(_ctx: unknown, sub: string) {
      const account = accountFor(options.accounts, sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email.toLowerCase(), email_verified: true, name: account.name }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The relying party reads email and name from the ID token.
    conformIdTokenClaims: false,
    cookies: { keys: options.cookieKeys },
    jwks: { keys: [privateKey.export({ format: 'jwk' })] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContext, form: string) {
          ctx.body = page(
            'Sign out',
            `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`,
          );
        },
        async postLogoutSuccessSource(ctx: KoaContext) {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
    },
    ttl: {
      AuthorizationCode: (_ctx: unknown, _token: unknown, client: { clientId: string }) =>
        codeTtl.get(client.clientId) ?? 60,
      IdToken: 3600,
      AccessToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    async renderError(ctx: KoaContext, out: Record<string, string>) {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        Object.entries(out)
          .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`)
          .join(''),
      );
    },
  });

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const noStore = (_req: Request, res: Response, next: () => void) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };

  // Anyone who reaches the login form signs in without a password: only clients on this machine may (req.ip is the
  // client behind a reverse proxy on loopback). The back channel (discovery, JWKS, token) stays open to the server.
  if (!options.allowRemote)
    router.use([`${mountPath}/interaction`, `${mountPath}/auth`], (req, res, next) => {
      if (isLoopbackAddress(req.ip)) return next();
      res
        .status(403)
        .type('html')
        .send(
          page(
            'Sign-in refused',
            '<p>The development sign-in (EMBEDDED_IDP) answers clients on this machine only. Set EMBEDDED_IDP_ALLOW_REMOTE=true to offer it to others, or register a real identity provider.</p>',
          ),
        );
    });

  router.get(`${mountPath}/interaction/:uid`, noStore, async (req, res, next) => {
    try {
      const { uid, prompt, params } = await provider.interactionDetails(req, res);
      const action = `${mountPath}/interaction/${encodeURIComponent(uid)}`;
      if (prompt.name === 'login') {
        res
          .type('html')
          .send(
            page(
              'Sign in (development identity provider)',
              `<form method="post" action="${action}/login"><label>Email <input name="email" type="email" autocomplete="username" autofocus required></label><button type="submit">Sign in</button></form>`,
            ),
          );
        return;
      }
      res
        .type('html')
        .send(
          page(
            'Allow access',
            `<p>${escapeHtml(String(params.client_id ?? 'The application'))} asks for: ${escapeHtml(typeof params.scope === 'string' ? params.scope : 'openid')}.</p><form method="post" action="${action}/confirm"><button type="submit">Allow</button></form>`,
          ),
        );
    } catch (error) {
      next(error);
    }
  });

  router.post(`${mountPath}/interaction/:uid/login`, noStore, form, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const email = (req.body as Record<string, unknown> | undefined)?.email;
      const account = accountFor(options.accounts, typeof email === 'string' ? email : '');
      if (details.prompt.name !== 'login' || !account) {
        res
          .status(401)
          .type('html')
          .send(
            page(
              'Sign in failed',
              `<p>Unknown account.</p><p><a href="${mountPath}/interaction/${encodeURIComponent(details.uid)}">Try again</a></p>`,
            ),
          );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.email.toLowerCase() } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      next(error);
    }
  });

  router.post(`${mountPath}/interaction/:uid/confirm`, noStore, form, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = details.session?.accountId;
      const clientId = details.params.client_id;
      if (details.prompt.name !== 'consent' || !accountId || typeof clientId !== 'string') {
        res.status(400).type('html').send(page('Sign-in error', '<p>Nothing to confirm.</p>'));
        return;
      }
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId, clientId });
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
        grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: details.grantId ? {} : { grantId } },
        { mergeWithLastSubmission: true },
      );
    } catch (error) {
      next(error);
    }
  });

  const handle = provider.callback();
  router.use(mountPath, (req, res) => handle(req, res));
  return { issuer: options.issuer, router };
}
