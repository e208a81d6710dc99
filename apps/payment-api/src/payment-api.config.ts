import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, port } from '@eshop/config';

/** Every variable payment-api reads, validated once at start (see .env.example). */
export const paymentApiConfigSchema = z.object({
  PORT: port(8084),
  ...commonEnv,
  ...eventBusEnv('payment-api'),
  // The simulated payment's verdict, as eShop's PaymentSucceeded setting.
  PAYMENT_SUCCEEDS: booleanFlag(true),
});

export type PaymentApiConfig = z.infer<typeof paymentApiConfigSchema>;
