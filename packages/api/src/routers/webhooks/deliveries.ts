import { z } from 'zod';
import { DeliveryPage, DeliveryStatus, listDeliveries } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { WebhookIdInput } from './schemas.js';

export const ListDeliveriesInput = WebhookIdInput.extend({
  status: DeliveryStatus.optional().describe('only deliveries in this state: pending, delivered or failed'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const deliveries = orgProcedure
  .meta({
    access: 'webhooks:manage',
    openapi: {
      method: 'GET',
      path: '/v1/webhooks/{webhookId}/deliveries',
      tags: ['webhooks'],
      protect: true,
      summary: "The webhook's delivery log, newest first: each delivery's payload, state and every attempt",
    },
  })
  .input(ListDeliveriesInput)
  .output(DeliveryPage)
  .query(({ ctx, input }) => {
    const { webhookId, ...page } = input;
    return listDeliveries(ctx, webhookId, page);
  });
