import { z } from 'zod';

/** POST /dev/token (AUTH_DEV_TOKENS=true only). */
export const devTokenRequestSchema = z.strictObject({
  userId: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});

export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;
