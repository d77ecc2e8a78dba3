import { z } from 'zod';

export const LigandSetIdInput = z.strictObject({ ligandSetId: z.uuid() });
