import { describe, expect, it } from 'vitest';
import { addressProblem } from './outbound.js';
import { parseSecretRef } from './secret-refs.js';

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
