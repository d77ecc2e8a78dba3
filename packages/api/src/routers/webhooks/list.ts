import { z } from 'zod';
import { WebhookPage, listWebhooks } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

export const ListWebhooksInput = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const list = orgProcedure
  .meta({
    access: 'webhooks:manage',
    openapi: {
      method: 'GET',
      path: '/v1/webhooks',
      tags: ['webhooks'],
      protect: true,
      summary: "The organisation's webhooks, newest first (never their secrets)",
    },
  })
  .input(ListWebhooksInput)
  .output(WebhookPage)
  .query(({ ctx, input }) => listWebhooks(ctx, input));
