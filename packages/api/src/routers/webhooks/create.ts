import { CreatedWebhook, createWebhook } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookFieldsInput, webhookContext } from './schemas.js';

export const create = orgProcedure
  .meta({
    access: 'webhooks:manage',
    example: {
      url: 'https://hooks.example.org/mad',
      events: ['job.completed', 'job.failed'],
      description: 'screening pipeline',
    },
    openapi: {
      method: 'POST',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      protect: true,
      summary: 'Register a webhook told when jobs finish (the signing secret is returned once)',
    },
  })
  .input(WebhookFieldsInput)
  .output(CreatedWebhook)
  .mutation(async ({ ctx, input }) => {
    const created = await createWebhook(webhookContext(ctx), input);
    ctx.log.info({ webhookId: created.id, events: created.events }, 'webhook created');
    return created;
  });
