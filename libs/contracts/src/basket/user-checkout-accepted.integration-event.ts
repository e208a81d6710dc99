import { z } from 'zod';
import { entityId, integrationEventBase, money } from '../integration-event';

export const USER_CHECKOUT_ACCEPTED = 'UserCheckoutAcceptedIntegrationEvent';

const text = (max: number) => z.string().trim().min(1).max(max);

export const basketItemSchema = z.object({
  id: z.string().min(1).max(64),
  productId: entityId,
  productName: text(200),
  unitPrice: money,
  oldUnitPrice: money,
  quantity: z.number().int().positive(),
  pictureUrl: z.string().max(500),
});

/**
 * The buyer checked out. `requestId` is the client's idempotency key (`x-requestid`):
 * ordering creates at most one order per request id.
 */
export const userCheckoutAcceptedSchema = integrationEventBase.extend({
  userId: text(100),
  userName: text(200),
  requestId: z.uuid(),
  city: text(100),
  street: text(200),
  state: text(100),
  country: text(100),
  zipCode: text(20),
  cardNumber: z.string().regex(/^\d{12,19}$/),
  cardHolderName: text(200),
  cardExpiration: z.iso.datetime({ offset: true }),
  cardSecurityNumber: z.string().regex(/^\d{3,4}$/),
  cardTypeId: z.number().int().positive(),
  buyer: text(200),
  basket: z.object({
    buyerId: text(100),
    items: z.array(basketItemSchema).min(1),
  }),
});

export type BasketItem = z.infer<typeof basketItemSchema>;
export type UserCheckoutAcceptedIntegrationEvent = z.infer<typeof userCheckoutAcceptedSchema>;
