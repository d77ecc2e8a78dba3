// The webhooks page's parts rendered as the browser gets them (react-dom/server, no DOM needed): the table with its
// actions, the deliveries with their status codes, the secret shown once (and what a rotation means), the form.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  DeliveryTable,
  SecretOnce,
  WebhookForm,
  WebhookTable,
  type DeliveryRow,
  type WebhookRow,
} from './webhooks-parts.js';

const now = new Date();
const hook = (fields: Partial<WebhookRow>): WebhookRow => ({
  id: crypto.randomUUID(),
  url: 'https://hooks.example.org/mad',
  events: ['job.completed', 'job.failed'],
  description: 'screening',
  active: true,
  createdAt: new Date(now.getTime() - 3_600_000),
  updatedAt: now,
  secretRotatedAt: null,
  previousSecretExpiresAt: null,
  ...fields,
});
const noop = () => undefined;

/** The rows of the first table in `html`, each as its cells' text. */
function rows(html: string): string[][] {
  const body = /<tbody>(.*)<\/tbody>/s.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

describe('WebhookTable', () => {
  it('lists each webhook with its events, state and secret age, never a secret, and its actions', () => {
    const grace = new Date(now.getTime() + 86_400_000);
    const webhooks = [
      hook({ url: 'https://a.example.org/hook' }),
      hook({
        url: 'https://b.example.org/hook',
        events: ['job.cancelled'],
        active: false,
        secretRotatedAt: now,
        previousSecretExpiresAt: grace,
      }),
    ];
    const html = renderToStaticMarkup(
      <WebhookTable
        webhooks={webhooks}
        selected={webhooks[0]!.id}
        pending={false}
        onSelect={noop}
        onTest={noop}
        onRotate={noop}
        onDelete={noop}
      />,
    );
    const [first, second] = rows(html);
    expect(first!.slice(0, 4)).toEqual([
      'https://a.example.org/hook',
      'job.completed, job.failed',
      'screening',
      'active',
    ]);
    expect(first![4]).toMatch(/^since /);
    expect(second!.slice(0, 4)).toEqual(['https://b.example.org/hook', 'job.cancelled', 'screening', 'inactive']);
    expect(second![4]).toContain(`previous one signs until ${grace.toLocaleString()}`);
    expect(html).not.toMatch(/whsec_/);
    // Each row: deliveries (the selected one pressed), a test (not for an inactive webhook), rotate and delete.
    expect(html).toMatch(
      /<button type="button" aria-pressed="true" aria-label="Deliveries of https:\/\/a\.example\.org\/hook">/,
    );
    expect(html).toMatch(/<button type="button" aria-label="Send a test to https:\/\/a\.example\.org\/hook">/);
    expect(html).toMatch(
      /<button type="button" disabled="" aria-label="Send a test to https:\/\/b\.example\.org\/hook">/,
    );
    expect(html).toContain('aria-label="Rotate the secret of https://a.example.org/hook"');
    expect(html).toContain('aria-label="Delete https://b.example.org/hook"');
  });
});

describe('DeliveryTable', () => {
  const delivery = (fields: Partial<DeliveryRow>): DeliveryRow => ({
    id: crypto.randomUUID(),
    webhookId: crypto.randomUUID(),
    jobId: null,
    event: 'webhook.test',
    status: 'delivered',
    attempts: 1,
    lastStatusCode: 200,
    lastError: null,
    nextAttemptAt: null,
    createdAt: now,
    deliveredAt: now,
    attemptLog: [],
    payload: { event: 'webhook.test', occurredAt: now.toISOString(), job: null, links: {} },
    ...fields,
  });

  it('shows each delivery with its state, attempts, the status code the receiver answered and its last error', () => {
    const jobId = crypto.randomUUID();
    const html = renderToStaticMarkup(
      <DeliveryTable
        deliveries={[
          delivery({}),
          delivery({
            event: 'job.failed',
            jobId,
            status: 'failed',
            attempts: 3,
            lastStatusCode: 503,
            lastError: 'the receiver answered 503',
          }),
          delivery({ status: 'pending', attempts: 0, lastStatusCode: null }),
        ]}
      />,
    );
    expect(rows(html).map((cells) => cells.slice(1))).toEqual([
      ['webhook.test', '—', 'delivered', '1', '200', ''],
      ['job.failed', jobId, 'failed', '3', '503', 'the receiver answered 503'],
      ['webhook.test', '—', 'pending', '0', '—', ''],
    ]);
  });

  it('says so when nothing was delivered yet', () => {
    expect(renderToStaticMarkup(<DeliveryTable deliveries={[]} />)).toContain('No deliveries yet');
  });
});

describe('SecretOnce', () => {
  it('shows a new webhook’s secret once, to copy', () => {
    const html = renderToStaticMarkup(
      <SecretOnce secret={{ url: 'https://a.example.org/hook', secret: 'whsec_abc', rotated: false }} onDone={noop} />,
    );
    expect(html).toContain('role="status"');
    expect(html).toContain('<div class="mono" data-testid="webhook-secret">whsec_abc</div>');
    expect(html).toContain('shown only once');
    expect(html).not.toContain('previous');
  });

  it('after a rotation, says until when both secrets sign', () => {
    const until = new Date(now.getTime() + 86_400_000);
    const html = renderToStaticMarkup(
      <SecretOnce
        secret={{
          url: 'https://a.example.org/hook',
          secret: 'whsec_new',
          previousSecretExpiresAt: until,
          rotated: true,
        }}
        onDone={noop}
      />,
    );
    expect(html).toContain('Copy the new signing secret');
    expect(html).toContain(`Until ${until.toLocaleString()} each delivery is signed with both`);
    const ended = renderToStaticMarkup(
      <SecretOnce
        secret={{
          url: 'https://a.example.org/hook',
          secret: 'whsec_new',
          previousSecretExpiresAt: null,
          rotated: true,
        }}
        onDone={noop}
      />,
    );
    expect(ended).toContain('The previous secret no longer signs.');
  });
});

describe('WebhookForm', () => {
  it('asks for a URL and the events, job.completed and job.failed ticked', () => {
    const html = renderToStaticMarkup(<WebhookForm pending={false} onSubmit={noop} />);
    expect(html).toMatch(/<input type="url" required=""[^>]*aria-label="Webhook URL"/);
    expect(html).toMatch(/<input type="checkbox" checked=""\/>(\s|<!-- -->)*job\.completed/);
    expect(html).toMatch(/<input type="checkbox" checked=""\/>(\s|<!-- -->)*job\.failed/);
    expect(html).toMatch(/<input type="checkbox"\/>(\s|<!-- -->)*job\.cancelled/);
  });
});
