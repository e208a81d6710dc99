import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Fields every integration event carries. `id` doubles as the AMQP `messageId` and is the
 * key consumers use to recognise a duplicate; `creationDate` is when the publisher decided
 * the fact happened (not when it reached the broker).
 */
export const integrationEventBase = z.object({
  id: z.uuid(),
  creationDate: z.iso.datetime({ offset: true }),
});

export type IntegrationEventBase = z.infer<typeof integrationEventBase>;

/** A catalog or order identifier: a positive integer, as in eShop. */
export const entityId = z.number().int().positive();

/**
 * Money on the wire: a JSON number in currency units with at most two decimals.
 * Consumers convert it to integer cents (see `toCents`) before doing any arithmetic.
 */
export const money = z
  .number()
  .nonnegative()
  .refine((value) => Number.isFinite(value) && isWholeCents(value), {
    message: 'must have at most two decimals',
  });

/**
 * Judged on the number as written (JavaScript's shortest round-trip form, which is what the
 * JSON said): `19.99` passes, `19.9999999999` does not — a tolerance on `value * 100` would
 * let it through and round it to 20.00.
 */
function isWholeCents(value: number): boolean {
  return /^\d+(\.\d{1,2})?$/.test(String(value));
}

/** Exact conversion of a wire price (at most two decimals) to integer cents. */
export function toCents(value: number): number {
  return Math.round(value * 100);
}

/** Integer cents back to the wire representation. */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** Builds the `id`/`creationDate` part of a new event. */
export function newEventIdentity(now: Date = new Date()): IntegrationEventBase {
  return { id: randomUUID(), creationDate: now.toISOString() };
}
