// The signature of a webhook delivery, as receivers check it (README "Webhooks"): the header
// `X-MAD-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (a second v1 during a secret
// rotation's grace period: one per secret). The timestamp is signed with the
// body, so a receiver that refuses old timestamps also refuses a replayed request.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-MAD-Signature';
export const EVENT_HEADER = 'X-MAD-Event';
export const DELIVERY_HEADER = 'X-MAD-Delivery';

/** The hex HMAC-SHA256 of `<t>.<body>` with the webhook's secret. */
export function webhookDigest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The X-MAD-Signature value for this body at this time (unix seconds): one v1 per secret, the current one first. After
 * a rotation both the new and the previous secret sign (`t=…,v1=<new>,v1=<previous>`, as Stripe does), so a receiver
 * that checks any v1 against its secret keeps verifying while it switches.
 */
export function signWebhook(
  secrets: string | readonly string[],
  body: string,
  timestamp = Math.floor(Date.now() / 1_000),
): string {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${timestamp}`, ...keys.map((secret) => `v1=${webhookDigest(secret, timestamp, body)}`)].join(',');
}

/**
 * What a receiver does: true when the header carries a v1 signature of this exact body made with this secret at most
 * `toleranceSeconds` from `now` (unix seconds).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  { toleranceSeconds = 300, now = Math.floor(Date.now() / 1_000) } = {},
): boolean {
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookDigest(secret, timestamp, body), 'hex');
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
