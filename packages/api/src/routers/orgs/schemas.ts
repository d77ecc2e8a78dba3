import { z } from 'zod';

export const OrgSlug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'an organisation slug is 2-63 lowercase letters, digits or dashes, starting with a letter or digit',
  );

export const RoleNameInput = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,40}$/, 'a role name such as viewer, scientist or admin');

export const Organization = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
