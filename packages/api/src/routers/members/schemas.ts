import { z } from 'zod';

export { Member } from '@mad/domain';

export const MemberUserId = z.strictObject({ userId: z.uuid() });
