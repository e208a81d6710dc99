import { z } from 'zod';
import { booleanFlag, commonEnv, eventBusEnv, outboxEnv, port, url } from '@eshop/config';

/** Every variable payment-api reads, validated once at start (see .env.example). */
export const paymentApiConfigSchema = z.object({
  PORT: port(8084),
  // The payment ledger, its inbox and its outbox (docs/adr/0013-payment-ledger-and-refunds.md).
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@localhost:5432/payment'),
  ...commonEnv,
  ...eventBusEnv('payment-api'),
  // The simulated payment's verdict, as eShop's PaymentSucceeded setting.
  PAYMENT_SUCCEEDS: booleanFlag(true),
  // The transactional outbox relay (docs/patterns/outbox.md): every event payment publishes.
  ...outboxEnv,
});

export type PaymentApiConfig = z.infer<typeof paymentApiConfigSchema>;
