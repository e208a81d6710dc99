import { Inject, Injectable } from '@nestjs/common';
import type { Order } from '../domain/order';
import { OrderNotFoundError } from '../domain/order.errors';
import { ORDER_READER, type OrderPage, type OrderReaderPort } from './order-repository.port';

/** The read side of the ordering routes; a buyer only ever sees their own orders. */
@Injectable()
export class OrderQueriesUseCase {
  constructor(@Inject(ORDER_READER) private readonly orders: OrderReaderPort) {}

  /** One page of the buyer's orders, newest first. */
  listOfBuyer(buyerId: string, page: OrderPage): Promise<Order[]> {
    return this.orders.listOfBuyer(buyerId, page);
  }

  async getOfBuyer(buyerId: string, orderId: number): Promise<Order> {
    const order = await this.orders.findOfBuyer(orderId, buyerId);
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  }
}
