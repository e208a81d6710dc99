import { z } from 'zod';

/** Order statuses as they appear on the wire and in the HTTP API. */
export const ORDER_STATUSES = [
  'submitted',
  'awaitingvalidation',
  'stockconfirmed',
  'paid',
  'shipped',
  'cancelled',
] as const;

export const orderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatus>;
