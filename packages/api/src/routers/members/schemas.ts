import { z } from 'zod';

export const Member = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: z.string(),
  joinedAt: z.string().describe('ISO 8601'),
});
export type Member = z.infer<typeof Member>;

export const MemberUserId = z.strictObject({ userId: z.uuid() });
