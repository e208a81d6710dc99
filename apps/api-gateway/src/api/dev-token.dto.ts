import { z } from 'zod';

/** `POST /api/auth/dev-token`: the made-up buyer the token will name (`sub` and `name`). */
export const devTokenSchema = z
  .object({
    userId: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1-64 letters, digits or _ . @ -'),
    name: z.string().trim().min(1).max(100),
  })
  .strict();

export type DevTokenRequest = z.infer<typeof devTokenSchema>;
