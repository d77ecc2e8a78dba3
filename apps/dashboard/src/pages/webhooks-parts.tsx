// The webhooks page's parts, without queries: the create form, the secret shown once (at creation and after a
// rotation), the webhooks table with its actions and a webhook's recent deliveries. WebhooksPage wires them to the
// webhooks.* procedures; webhooks-parts.test.tsx renders them.
import { useState } from 'react';
import type { RouterOutputs } from '../api-types.js';
import { ConfirmButton, DataTable } from '../ui/table.js';
import { ago } from '../lib/format.js';

export type WebhookRow = RouterOutputs['webhooks']['list']['webhooks'][number];
export type DeliveryRow = RouterOutputs['webhooks']['deliveries']['deliveries'][number];

export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'job.cancelled'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** URL, events (job.completed and job.failed ticked) and a description; cleared once the server accepted it. */
export function WebhookForm(props: {
  pending: boolean;
  onSubmit: (fields: { url: string; events: WebhookEventName[]; description: string }, clear: () => void) => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventName[]>(['job.completed', 'job.failed']);
  const toggle = (event: WebhookEventName, on: boolean) =>
    setEvents((current) => WEBHOOK_EVENTS.filter((e) => (e === event ? on : current.includes(e))));
  return (
    <form
      className="row"
      style={{ marginBottom: 10, flexWrap: 'wrap' }}
      aria-label="New webhook"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit({ url, events, description }, () => (setUrl(''), setDescription('')));
      }}
    >
      <label className="field">
        URL
        <input
          type="url"
          required
          value={url}
          placeholder="https://hooks.example.org/mad"
          aria-label="Webhook URL"
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <label className="field">
        Description
        <input
          value={description}
          maxLength={500}
          aria-label="Webhook description"
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      <fieldset className="row" style={{ border: 0, padding: 0 }}>
        <legend className="small">Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="small">
            <input
              type="checkbox"
              checked={events.includes(event)}
              onChange={(e) => toggle(event, e.currentTarget.checked)}
            />{' '}
            {event}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={props.pending || events.length === 0}>
        Add webhook
      </button>
    </form>
  );
}

/** A signing secret the server answers once: to copy now, never shown again. */
export function SecretOnce(props: {
  secret: { url: string; secret: string; previousSecretExpiresAt?: Date | string | null; rotated: boolean };
  onDone: () => void;
}) {
  const { secret } = props;
  const until = secret.previousSecretExpiresAt ? new Date(secret.previousSecretExpiresAt) : null;
  return (
    <div className="token-once" role="status">
      <strong>
        Copy the {secret.rotated ? 'new ' : ''}signing secret of {secret.url} now: it is shown only once.
      </strong>
      <div className="mono" data-testid="webhook-secret">
        {secret.secret}
      </div>
      {secret.rotated && (
        <p className="small">
          {until
            ? `Until ${until.toLocaleString()} each delivery is signed with both the new and the previous secret (two v1= in X-MAD-Signature): switch your receiver before then.`
            : 'The previous secret no longer signs.'}
        </p>
      )}
      <button type="button" onClick={() => void navigator.clipboard?.writeText(secret.secret)}>
        Copy
      </button>{' '}
      <button type="button" onClick={props.onDone}>
        I have copied it
      </button>
    </div>
  );
}

/** The organisation's webhooks with their actions; the selected one's deliveries show below the table. */
export function WebhookTable(props: {
  webhooks: readonly WebhookRow[];
  selected: string | null;
  pending: boolean;
  onSelect: (id: string) => void;
  onTest: (id: string) => void;
  onRotate: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  return (
    <DataTable
      label="Webhooks"
      columns={['URL', 'Events', 'Description', 'State', 'Secret', { label: 'Actions', actions: true }]}
      rows={props.webhooks}
      rowKey={(hook) => hook.id}
      cells={(hook) => (
        <>
          <td className="mono">{hook.url}</td>
          <td>{hook.events.join(', ')}</td>
          <td>{hook.description}</td>
          <td>
            <span className={`badge ${hook.active ? 'succeeded' : 'cancelled'}`}>
              {hook.active ? 'active' : 'inactive'}
            </span>
          </td>
          <td className="small">
            {hook.secretRotatedAt ? `rotated ${ago(hook.secretRotatedAt)}` : `since ${ago(hook.createdAt)}`}
            {hook.previousSecretExpiresAt &&
              ` · previous one signs until ${new Date(hook.previousSecretExpiresAt).toLocaleString()}`}
          </td>
          <td>
            <button
              type="button"
              aria-pressed={props.selected === hook.id}
              aria-label={`Deliveries of ${hook.url}`}
              onClick={() => props.onSelect(hook.id)}
            >
              Deliveries
            </button>{' '}
            <button
              type="button"
              disabled={props.pending || !hook.active}
              aria-label={`Send a test to ${hook.url}`}
              onClick={() => props.onTest(hook.id)}
            >
              Send test
            </button>{' '}
            <ConfirmButton
              question={`Rotate the signing secret of ${hook.url}? The previous one keeps signing for the grace period.`}
              label={`Rotate the secret of ${hook.url}`}
              disabled={props.pending}
              onConfirm={() => props.onRotate(hook.id)}
            >
              Rotate secret
            </ConfirmButton>{' '}
            <ConfirmButton
              question={`Delete the webhook ${hook.url} and its delivery log?`}
              label={`Delete ${hook.url}`}
              disabled={props.pending}
              onConfirm={() => props.onDelete(hook.id)}
            >
              Delete
            </ConfirmButton>
          </td>
        </>
      )}
    />
  );
}

const DELIVERY_BADGE = { delivered: 'succeeded', failed: 'failed', pending: 'queued' } as const;

/** A webhook's recent deliveries, newest first: what, how it ended, the receiver's last status code. */
export function DeliveryTable({ deliveries }: { deliveries: readonly DeliveryRow[] }) {
  if (deliveries.length === 0) return <p className="muted small">No deliveries yet: send a test.</p>;
  return (
    <DataTable
      label="Recent deliveries"
      columns={['When', 'Event', 'Job', 'State', { label: 'Attempts', numeric: true }, 'Status code', 'Last error']}
      rows={deliveries}
      rowKey={(delivery) => delivery.id}
      cells={(delivery) => (
        <>
          <td>{ago(delivery.createdAt)}</td>
          <td>{delivery.event}</td>
          <td className="mono small">{delivery.jobId ?? '—'}</td>
          <td>
            <span className={`badge ${DELIVERY_BADGE[delivery.status]}`}>{delivery.status}</span>
          </td>
          <td className="num">{delivery.attempts}</td>
          <td data-testid="delivery-status-code">{delivery.lastStatusCode ?? '—'}</td>
          <td className="small">{delivery.lastError ?? ''}</td>
        </>
      )}
    />
  );
}
