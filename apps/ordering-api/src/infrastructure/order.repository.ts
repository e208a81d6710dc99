import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Order, type StatusChange } from '../domain/order';
import { OrderEntity } from './order.entity';
import { OrderItemEntity } from './order-item.entity';
import { OrderStatusChangeEntity } from './order-status-change.entity';

/**
 * Orders in and out of Postgres. Writes take the caller's EntityManager: they belong to the
 * transaction that also records the request id or the handled event, and the outbox event.
 */
@Injectable()
export class OrderRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, order: Order): Promise<number> {
    const { lines, address, ...rest } = order.snapshot();
    const result = await manager.insert(OrderEntity, {
      buyerId: rest.buyerId,
      buyerName: rest.buyerName,
      ...address,
      status: rest.status,
      description: rest.description ?? null,
      orderDate: rest.orderDate,
    });
    const id = (result.identifiers[0] as { id: number }).id;
    await manager.insert(
      OrderItemEntity,
      lines.map((line) => ({ orderId: id, ...line })),
    );
    await this.insertChanges(manager, id, order.takeNewStatusChanges());
    order.saved(id);
    return id;
  }

  /**
   * Loads an order and holds its row lock until the transaction ends: the saga's events and
   * the buyer's commands on one order take turns, each seeing the status the last one left.
   */
  async findForUpdate(manager: EntityManager, id: number): Promise<Order | null> {
    const entity = await manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!entity) return null;
    const [order] = await this.withLinesAndHistory(manager, [entity]);
    return order ?? null;
  }

  /** Stores a status move made on a loaded order. */
  async saveStatus(manager: EntityManager, order: Order): Promise<void> {
    const { id, status, description } = order.snapshot();
    if (id === undefined) throw new Error('saveStatus needs a saved order');
    await manager.update(OrderEntity, { id }, { status, description: description ?? null });
    await this.insertChanges(manager, id, order.takeNewStatusChanges());
  }

  /** The buyer's orders, newest first. */
  async listOfBuyer(buyerId: string): Promise<Order[]> {
    const { manager } = this.dataSource;
    const entities = await manager.find(OrderEntity, { where: { buyerId }, order: { id: 'DESC' } });
    return this.withLinesAndHistory(manager, entities);
  }

  async findOfBuyer(id: number, buyerId: string): Promise<Order | null> {
    const { manager } = this.dataSource;
    const entity = await manager.findOneBy(OrderEntity, { id, buyerId });
    if (!entity) return null;
    const [order] = await this.withLinesAndHistory(manager, [entity]);
    return order ?? null;
  }

  /** Two queries for any number of orders: their lines, and their history in order. */
  private async withLinesAndHistory(manager: EntityManager, entities: OrderEntity[]): Promise<Order[]> {
    if (entities.length === 0) return [];
    const orderId = In(entities.map((entity) => entity.id));
    const [items, changes] = await Promise.all([
      manager.find(OrderItemEntity, { where: { orderId }, order: { orderId: 'ASC', productId: 'ASC' } }),
      manager.find(OrderStatusChangeEntity, { where: { orderId }, order: { id: 'ASC' } }),
    ]);
    return entities.map((entity) =>
      toOrder(
        entity,
        items.filter((item) => item.orderId === entity.id),
        changes.filter((change) => change.orderId === entity.id),
      ),
    );
  }

  private async insertChanges(manager: EntityManager, orderId: number, changes: StatusChange[]) {
    if (changes.length === 0) return;
    await manager.insert(
      OrderStatusChangeEntity,
      changes.map((change) => ({
        orderId,
        status: change.status,
        reason: change.reason ?? null,
        changedAt: change.at,
      })),
    );
  }
}

function toOrder(entity: OrderEntity, items: OrderItemEntity[], changes: OrderStatusChangeEntity[]): Order {
  return Order.rehydrate({
    id: entity.id,
    buyerId: entity.buyerId,
    buyerName: entity.buyerName,
    address: {
      street: entity.street,
      city: entity.city,
      state: entity.state,
      country: entity.country,
      zipCode: entity.zipCode,
    },
    lines: items.map(({ productId, productName, unitPriceCents, units, pictureUrl }) => ({
      productId,
      productName,
      unitPriceCents,
      units,
      pictureUrl,
    })),
    status: entity.status,
    orderDate: entity.orderDate,
    description: entity.description ?? undefined,
    history: changes.map((change) => ({
      status: change.status,
      at: change.changedAt,
      ...(change.reason === null ? {} : { reason: change.reason }),
    })),
  });
}
