import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxWriter, type OutboxMessage } from '@eshop/outbox';
import type { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order.errors';
import type { OrderStatus } from '../domain/order-status';
import { ClientRequestRepository } from '../infrastructure/client-request.repository';
import { OrderRepository } from '../infrastructure/order.repository';
import { cancelled, shipped } from '../integration-events/order-status-changed.integration-event';
import { RequestIdReusedError } from './request.errors';

export interface BuyerOrderCommand {
  readonly buyerId: string;
  readonly orderId: number;
  /** The client's `x-requestid`: the same id twice runs the command once. */
  readonly requestId: string;
  readonly traceparent?: string;
}

export interface BuyerOrderResult {
  readonly orderNumber: number;
  readonly status: OrderStatus;
  /** True when an earlier request with this id already did the work. */
  readonly repeated: boolean;
}

type Move = (order: Order) => OutboxMessage[];

/**
 * PUT /api/orders/cancel and /ship. Per command, one transaction: the request id (first, as
 * for order creation), the caller's order under its row lock, the move, the outbox event.
 * A forbidden move (cancel after payment) throws a conflict and rolls everything back, the
 * request id included, so the client may retry after fixing the cause.
 */
@Injectable()
export class BuyerOrderCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: ClientRequestRepository,
    private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The buyer's cancel: the same compensation as a failed saga step. */
  cancel(command: BuyerOrderCommand): Promise<BuyerOrderResult> {
    return this.run('cancel-order', command, (order) => {
      order.cancel('cancelled by the buyer');
      return [cancelled(order, command.traceparent)];
    });
  }

  /**
   * SIMPLIFICATION: tokens carry no roles, so the buyer ships their own paid order (eShop's
   * admin action, open there to any signed-in user and any order). See ADR 0008.
   */
  ship(command: BuyerOrderCommand): Promise<BuyerOrderResult> {
    return this.run('ship-order', command, (order) => {
      order.ship();
      return [shipped(order, command.traceparent)];
    });
  }

  private run(name: string, command: BuyerOrderCommand, move: Move): Promise<BuyerOrderResult> {
    return this.dataSource.transaction(async (manager) => {
      const registration = await this.requests.register(manager, {
        requestId: command.requestId,
        command: name,
        buyerId: command.buyerId,
        orderId: command.orderId,
      });
      if (registration.kind === 'seen') {
        const { earlier } = registration;
        const same = earlier.command === name && earlier.buyerId === command.buyerId && earlier.orderId === command.orderId;
        if (!same) throw new RequestIdReusedError(command.requestId);
        const order = await this.ownOrder(manager, command);
        return { orderNumber: command.orderId, status: order.status, repeated: true };
      }
      const order = await this.ownOrder(manager, command);
      const messages = move(order);
      await this.orders.saveStatus(manager, order);
      for (const message of messages) await this.outbox.saveEvent(message, manager);
      return { orderNumber: command.orderId, status: order.status, repeated: false };
    });
  }

  /** Another buyer's order is "not found", exactly like a missing one. */
  private async ownOrder(manager: EntityManager, command: BuyerOrderCommand): Promise<Order> {
    const order = await this.orders.findForUpdate(manager, command.orderId);
    if (!order || order.buyerId !== command.buyerId) throw new OrderNotFoundError(command.orderId);
    return order;
  }
}
