// An organisation's webhooks (webhooks:manage, an admin's): list, add (URL and events; the signing secret shown once),
// send a test, rotate the secret (the new one shown once; the previous one keeps signing for the grace period),
// delete, and a webhook's recent deliveries with the receiver's status codes (refreshed while the page is open).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { ErrorList, QueryView } from '../ui/states.js';
import { DeliveryTable, SecretOnce, WebhookForm, WebhookTable } from './webhooks-parts.js';

export default function WebhooksPage() {
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions({ limit: 200 }));
  const [selected, setSelected] = useState<string | null>(null);
  const [secret, setSecret] = useState<Parameters<typeof SecretOnce>[0]['secret'] | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() }),
    ]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (hook) => (setSecret({ url: hook.url, secret: hook.secret, rotated: false }), refresh()),
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (hook) => (
        setSecret({
          url: hook.url,
          secret: hook.secret,
          previousSecretExpiresAt: hook.previousSecretExpiresAt,
          rotated: true,
        }),
        refresh()
      ),
    }),
  );
  const test = useMutation(
    trpc.webhooks.test.mutationOptions({ onSuccess: (_answer, input) => (setSelected(input.webhookId), refresh()) }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: (_answer, input) => {
        if (selected === input.webhookId) setSelected(null);
        return refresh();
      },
    }),
  );
  const pending = create.isPending || rotate.isPending || test.isPending || remove.isPending;
  const shown = webhooks.data?.webhooks.find((hook) => hook.id === selected) ?? null;
  return (
    <>
      <h1>Webhooks</h1>
      <section className="panel" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Told when jobs finish</h2>
        <p className="small muted">
          The server POSTs each job.completed, job.failed or job.cancelled to these URLs, signed in{' '}
          <code>X-MAD-Signature</code> with the webhook&apos;s secret (README &quot;Webhooks&quot;).
        </p>
        <WebhookForm
          pending={create.isPending}
          onSubmit={(fields, clear) => create.mutate(fields, { onSuccess: clear })}
        />
        {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
        <ErrorList errors={[create.error, rotate.error, test.error, remove.error]} />
        <QueryView query={webhooks} what="webhooks" isEmpty={(data) => data.webhooks.length === 0}>
          {(data) => (
            <WebhookTable
              webhooks={data.webhooks}
              selected={selected}
              pending={pending}
              onSelect={(id) => setSelected((current) => (current === id ? null : id))}
              onTest={(id) => test.mutate({ webhookId: id })}
              onRotate={(id) => rotate.mutate({ webhookId: id })}
              onDelete={(id) => remove.mutate({ webhookId: id })}
            />
          )}
        </QueryView>
      </section>
      {shown && <Deliveries webhookId={shown.id} url={shown.url} />}
    </>
  );
}

function Deliveries({ webhookId, url }: { webhookId: string; url: string }) {
  // Refreshed every few seconds while shown: a test delivery goes out within a second or two.
  const deliveries = useQuery(
    trpc.webhooks.deliveries.queryOptions({ webhookId, limit: 20 }, { refetchInterval: 3_000 }),
  );
  return (
    <section className="panel" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Recent deliveries to {url}</h2>
      <QueryView query={deliveries} what="deliveries">
        {(data) => <DeliveryTable deliveries={data.deliveries} />}
      </QueryView>
    </section>
  );
}
