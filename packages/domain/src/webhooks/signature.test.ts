import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const secret = 'whsec_0123456789abcdefghijklmnopqrstuvwxyz';
const body = '{"event":"job.completed","job":{"jobId":"j"}}';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in hex, as the README tells receivers to check', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const hex = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${hex}`);
    expect(verifyWebhookSignature(secret, header, body, { now: 1_700_000_010 })).toBe(true);
  });

  it('refuses another body, another secret, an old timestamp and a malformed header', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const now = 1_700_000_000;
    expect(verifyWebhookSignature(secret, header, `${body} `, { now })).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, header, body, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace('t=1700000000', 't=1700000001'), body, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, 'v1=abc', body, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, '', body, { now })).toBe(false);
  });

  it('signs with every secret given, the current first: each verifies alone, another does not', () => {
    const previous = 'whsec_previous_previous_previous_previous';
    const header = signWebhook([secret, previous], body, 1_700_000_000);
    const hex = (key: string) => createHmac('sha256', key).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${hex(secret)},v1=${hex(previous)}`);
    const now = 1_700_000_000;
    expect(verifyWebhookSignature(secret, header, body, { now })).toBe(true);
    expect(verifyWebhookSignature(previous, header, body, { now })).toBe(true);
    expect(verifyWebhookSignature(`${previous}x`, header, body, { now })).toBe(false);
    expect(signWebhook([secret], body, now)).toBe(signWebhook(secret, body, now));
  });
});
