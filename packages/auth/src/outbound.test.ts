import { describe, expect, it } from 'vitest';
import type { lookup } from 'node:dns';
import { addressProblem, outboundUrlProblem, type OutboundPolicy } from './outbound.js';
import { orgSecretEnvName, parseSecretRef, secretRefProblem } from './secret-refs.js';

describe('addressProblem', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
  ])('refuses %s', (address) => {
    expect(addressProblem(address)).toMatch(/loopback, private or reserved/);
  });

  it.each(['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(addressProblem(address)).toBeNull();
    },
  );
});

describe('outboundUrlProblem (a webhook URL when it is saved)', () => {
  // A resolver that answers from a table, as a DNS server under someone's control would.
  const names: Record<string, string[]> = {
    'hooks.example.org': ['93.184.216.34'],
    'rebind.example.org': ['93.184.216.34', '10.0.0.7'],
    'metadata.example.org': ['169.254.169.254'],
  };
  const fakeLookup = ((host: string, _options: object, callback: (e: Error | null, a: unknown) => void) => {
    const found = names[host];
    if (!found) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      found.map((address) => ({ address, family: 4 })),
    );
  }) as unknown as typeof lookup;
  const policy: OutboundPolicy = {
    allowHttp: false,
    allowPrivateAddresses: false,
    timeoutMs: 1_000,
    lookup: fakeLookup,
    privateNetworksSetting: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
  };

  it('accepts an https URL whose every address is public', async () => {
    expect(await outboundUrlProblem('https://hooks.example.org/mad', policy)).toBeNull();
  });

  it('refuses http (outside development), credentials, private literals and names resolving to one', async () => {
    expect(await outboundUrlProblem('http://hooks.example.org/mad', policy)).toMatch(/must use https/);
    expect(await outboundUrlProblem('https://user:pw@hooks.example.org/', policy)).toMatch(/credentials/);
    expect(await outboundUrlProblem('https://10.0.0.1/', policy)).toMatch(
      /10\.0\.0\.1 is a loopback, private or reserved address.*WEBHOOK_ALLOW_PRIVATE_NETWORKS/,
    );
    expect(await outboundUrlProblem('https://[::ffff:127.0.0.1]/', policy)).toMatch(/loopback, private or reserved/);
    expect(await outboundUrlProblem('https://metadata.example.org/', policy)).toMatch(/resolves to 169\.254\.169\.254/);
    // One private address among public ones is enough to refuse.
    expect(await outboundUrlProblem('https://rebind.example.org/', policy)).toMatch(/resolves to 10\.0\.0\.7/);
    expect(await outboundUrlProblem('https://nowhere.example.org/', policy)).toMatch(/does not resolve \(ENOTFOUND\)/);
  });

  it('lets private addresses through when the operator allows them, and http outside production', async () => {
    const open = { ...policy, allowHttp: true, allowPrivateAddresses: true };
    expect(await outboundUrlProblem('http://127.0.0.1:9/hook', open)).toBeNull();
    expect(await outboundUrlProblem('https://metadata.example.org/', open)).toBeNull();
  });
});

describe('parseSecretRef', () => {
  it('admits OIDC_CLIENT_SECRET_* variables and file:<name> only', () => {
    expect(parseSecretRef('OIDC_CLIENT_SECRET_ENTRA')).toEqual({ kind: 'env', name: 'OIDC_CLIENT_SECRET_ENTRA' });
    expect(parseSecretRef('file:keycloak.secret')).toEqual({ kind: 'file', name: 'keycloak.secret' });
    for (const ref of [
      'SESSION_SECRET',
      'OIDC_CLIENT_SECRET_',
      'oidc_client_secret_x',
      'file:',
      'file:../x',
      'file:a..b',
      'file:.x',
      'file:a/b',
    ])
      expect(parseSecretRef(ref), ref).toBeNull();
  });
});

describe('secretRefProblem: an organisation names only its own secrets', () => {
  it('admits OIDC_CLIENT_SECRET_<ORG> and OIDC_CLIENT_SECRET_<ORG>__<NAME> of the caller, and file:<name>', () => {
    expect(orgSecretEnvName('acme-labs')).toBe('OIDC_CLIENT_SECRET_ACME_LABS');
    for (const ref of [
      'OIDC_CLIENT_SECRET_ACME_LABS',
      'OIDC_CLIENT_SECRET_ACME_LABS__ENTRA',
      'OIDC_CLIENT_SECRET_ACME_LABS__ENTRA_PROD',
      'file:entra',
    ])
      expect(secretRefProblem(ref, 'acme-labs'), ref).toBeNull();
  });

  it("refuses another organisation's variables, however the slugs overlap", () => {
    // acme's admin cannot reach acme-labs' (or beta's) secret, and acme-labs' cannot reach acme's.
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME_LABS', 'acme')).toMatch(/not one of organisation "acme"'s/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME_LABS__ENTRA', 'acme')).toMatch(/OIDC_CLIENT_SECRET_ACME__<NAME>/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_BETA', 'acme')).toMatch(/not one of/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME', 'acme-labs')).toMatch(/not one of/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME__LABS_X', 'acme-labs')).toMatch(/not one of/);
    // <NAME> has no double underscore, so it cannot spell another organisation's <ORG>__<NAME>.
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME__X__Y', 'acme')).toMatch(/not one of/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_ACME__', 'acme')).toMatch(/not one of/);
    expect(secretRefProblem('SESSION_SECRET', 'acme')).toMatch(/not allowed/);
  });

  it('an organisation whose slug has "--" (it would read as the separator) names files only', () => {
    expect(orgSecretEnvName('a--b')).toBeNull();
    expect(secretRefProblem('OIDC_CLIENT_SECRET_A__B', 'a--b')).toMatch(/use file:<name>/);
    expect(secretRefProblem('OIDC_CLIENT_SECRET_A__B', 'a')).toBeNull();
    expect(secretRefProblem('file:entra', 'a--b')).toBeNull();
  });
});
