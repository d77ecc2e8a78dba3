// The server's requests to identity providers (discovery, JWKS, token), which an organisation admin points at any URL.
// They may not become a way into the server's own network: https only (http outside production), every address the
// name resolves to must be public (no loopback, private, link-local, CGNAT, multicast, documentation or reserved
// ranges; IPv4-mapped IPv6 checked as IPv4) unless the operator allows private networks, the connection goes to the
// address that was checked (no second lookup a rebinding DNS server could answer differently), a short timeout, a
// bounded answer, and no redirects followed.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  /** http:// URLs are allowed (development and tests only). */
  allowHttp: boolean;
  /** Loopback and private ranges are allowed (OIDC_ALLOW_PRIVATE_NETWORKS: a provider inside the operator's network). */
  allowPrivateAddresses: boolean;
  /** Origins that are always allowed, whatever they resolve to: the server's own embedded identity provider. */
  trustedOrigins?: string[];
  /** Connect + answer, per request (OIDC_HTTP_TIMEOUT_MS). */
  timeoutMs: number;
  /** Largest answer read (discovery documents and key sets are a few kB). */
  maxResponseBytes?: number;
  /** Name resolution (tests give a fake one to check the rebinding case). */
  lookup?: typeof dnsLookup;
  /** The setting a refusal names (OIDC_ALLOW_PRIVATE_NETWORKS for identity providers, WEBHOOK_… for webhooks). */
  privateNetworksSetting?: string;
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(network, prefix, 'ipv6');

/** The embedded IPv4 address of an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Why the server may not connect to this IP address (loopback, private…), or null for a public address. */
export function addressProblem(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 !== null && blocked.check(v4, 'ipv4')) return `${address} is a loopback, private or reserved address`;
  if (family === 6 && v4 === null && blocked.check(address, 'ipv6'))
    return `${address} is a loopback, private or reserved address`;
  return null;
}

function checkUrl(url: URL, policy: OutboundPolicy, trusted: boolean): void {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (policy.allowHttp || trusted)))
    throw new OutboundRefused(`${url.origin} must use https`);
  if (url.username || url.password) throw new OutboundRefused(`${url.origin}: credentials in the URL are not allowed`);
}

/** A lookup that answers only with checked addresses (all of them must pass, so a mixed answer is refused). */
function checkedLookup(policy: OutboundPolicy, host: string) {
  const resolve = policy.lookup ?? dnsLookup;
  return (
    hostname: string,
    options: object,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    resolve(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses;
      if (list.length === 0) return callback(new OutboundRefused(`${host} has no address`), '');
      if (!policy.allowPrivateAddresses) {
        for (const { address } of list) {
          const problem = addressProblem(address);
          if (problem)
            return callback(
              new OutboundRefused(
                `${host} resolves to ${problem.replace(`${address} is`, `${address}, which is`)}; the server does not connect there (${policy.privateNetworksSetting ?? 'OIDC_ALLOW_PRIVATE_NETWORKS'})`,
              ),
              '',
            );
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Why the server would refuse to send to this URL under the policy (the scheme, credentials in it, and every address
 * its name resolves to now), or null. For a check when an admin stores a URL: the guarded fetch checks again at use.
 */
export async function outboundUrlProblem(input: string, policy: OutboundPolicy): Promise<string | null> {
  const setting = policy.privateNetworksSetting ?? 'OIDC_ALLOW_PRIVATE_NETWORKS';
  let url: URL;
  try {
    url = new URL(input);
    checkUrl(url, policy, false);
  } catch (error) {
    return error instanceof OutboundRefused ? error.message : `${input} is not a URL`;
  }
  if (policy.allowPrivateAddresses) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const resolve = policy.lookup ?? dnsLookup;
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await new Promise<LookupAddress[] | Error>((done) =>
        resolve(host, { all: true }, (error, list) => done(error ?? list)),
      );
  if (addresses instanceof Error)
    return `${host} does not resolve (${(addresses as NodeJS.ErrnoException).code ?? addresses.message})`;
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (problem)
      return `${url.origin}: ${host === address ? problem : `${host} resolves to ${address}, a loopback, private or reserved address`}; the server does not connect there (${setting})`;
  }
  return null;
}

type FetchInit = { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal };

/** fetch() as openid-client calls it (its `customFetch`), under the policy. */
export function guardedFetch(policy: OutboundPolicy): (url: string, init: FetchInit) => Promise<Response> {
  const maxBytes = policy.maxResponseBytes ?? 1024 * 1024;
  const trustedOrigins = new Set((policy.trustedOrigins ?? []).map((origin) => new URL(origin).origin));
  return async (input, init) => {
    const url = new URL(input);
    const trusted = trustedOrigins.has(url.origin);
    checkUrl(url, policy, trusted);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!trusted && !policy.allowPrivateAddresses && isIP(host)) {
      const problem = addressProblem(host);
      if (problem) throw new OutboundRefused(`${url.origin}: ${problem}; the server does not connect there`);
    }
    const body =
      init.body === undefined || init.body === null
        ? undefined
        : init.body instanceof URLSearchParams
          ? init.body.toString()
          : typeof init.body === 'string'
            ? init.body
            : Buffer.from(await new Response(init.body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
    const headers: Record<string, string | number> = { ...init.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const request = send(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          ...(trusted ? {} : { lookup: checkedLookup(policy, url.host) }),
          signal: init.signal,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              request.destroy(new OutboundRefused(`${url.origin} answered more than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
                answerHeaders.append(name, item);
            // Redirects are answered as they are (openid-client treats them as errors): never followed.
            const status = response.statusCode ?? 502;
            resolve(
              new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
                status,
                headers: answerHeaders,
              }),
            );
          });
        },
      );
      // One deadline for the whole exchange (a provider trickling bytes cannot hold a sign-in open).
      const deadline = setTimeout(
        () => request.destroy(new OutboundRefused(`${url.origin} did not answer within ${policy.timeoutMs} ms`)),
        policy.timeoutMs,
      );
      request.on('close', () => clearTimeout(deadline));
      request.on('error', reject);
      request.end(body);
    });
  };
}
