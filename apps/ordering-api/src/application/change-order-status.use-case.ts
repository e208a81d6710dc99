import { Inject, Injectable } from '@nestjs/common';
import type { OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order.errors';
import type { OrderStatus } from '../domain/order-status';
import { cancelled, shipped } from './order-status-changed.integration-event-factory';
import { RequestIdReusedError } from './request.errors';
import { UNIT_OF_WORK, type OrderingTransaction, type UnitOfWorkPort } from './unit-of-work.port';

/** What the buyer asks of their order. */
export type BuyerAction = 'cancel' | 'ship';

export interface ChangeOrderStatusCommand {
  readonly action: BuyerAction;
  readonly buyerId: string;
  readonly orderId: number;
  /** The client's `x-requestid`: the same id twice runs the command once. */
  readonly requestId: string;
  readonly traceparent?: string;
}

export interface ChangeOrderStatusResult {
  readonly orderNumber: number;
  readonly status: OrderStatus;
  /** True when an earlier request with this id already did the work. */
  readonly repeated: boolean;
}

interface Action {
  /** The request id's command name. */
  readonly command: string;
  readonly move: (order: Order) => void;
  readonly event: (order: Order, traceparent?: string) => OutboxMessage;
  /** A staff action (role `admin`, checked at the controller): on any buyer's order. */
  readonly staff?: boolean;
}

const ACTIONS: Readonly<Record<BuyerAction, Action>> = {
  // The buyer's cancel: the same compensation as a failed saga step.
  cancel: { command: 'cancel-order', move: (order) => order.cancel('cancelled by the buyer'), event: cancelled },
  // Staff ship any buyer's paid order (eShop's admin action; there open to any signed-in user).
  ship: { command: 'ship-order', move: (order) => order.ship(), event: shipped, staff: true },
};

/**
 * PUT /api/orders/cancel and /ship. Per command, one transaction: the request id (first, as
 * for order creation), the caller's order under its row lock, the move, the outbox event.
 * A forbidden move (cancel after payment) throws a conflict and rolls everything back, the
 * request id included, so the client may retry after fixing the cause.
 */
@Injectable()
export class ChangeOrderStatusUseCase {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWorkPort) {}

  execute(command: ChangeOrderStatusCommand): Promise<ChangeOrderStatusResult> {
    const action = ACTIONS[command.action];
    return this.unitOfWork.run(async (tx) => {
      const registration = await tx.requests.register({
        requestId: command.requestId,
        command: action.command,
        buyerId: command.buyerId,
        orderId: command.orderId,
      });
      if (registration.kind === 'seen') {
        // The buyer's own earlier request: another buyer's ids live under their own key.
        const { earlier } = registration;
        if (earlier.command !== action.command || earlier.orderId !== command.orderId) {
          throw new RequestIdReusedError(command.requestId);
        }
        const order = await orderOf(tx, command, action);
        return { orderNumber: command.orderId, status: order.status, repeated: true };
      }
      const order = await orderOf(tx, command, action);
      action.move(order);
      await tx.orders.saveStatus(order);
      await tx.saveEvents([action.event(order, command.traceparent)]);
      return { orderNumber: command.orderId, status: order.status, repeated: false };
    });
  }
}

/** To a buyer, another buyer's order is "not found", exactly like a missing one; staff see every order. */
async function orderOf(tx: OrderingTransaction, command: ChangeOrderStatusCommand, action: Action): Promise<Order> {
  const order = await tx.orders.findForUpdate(command.orderId);
  if (!order || (!action.staff && order.buyerId !== command.buyerId)) throw new OrderNotFoundError(command.orderId);
  return order;
}
