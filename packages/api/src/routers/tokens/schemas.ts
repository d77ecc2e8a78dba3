import { z } from 'zod';

export const ApiTokenSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('the first characters of the token, to recognise it'),
  role: z.string(),
  ownerEmail: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
