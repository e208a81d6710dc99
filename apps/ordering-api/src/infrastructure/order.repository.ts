import { In, type EntityManager } from 'typeorm';
import type { OrderReaderPort, OrderRepositoryPort } from '../application/order-repository.port';
import { Order, type StatusChange } from '../domain/order';
import { OrderEntity } from './order.entity';
import { OrderItemEntity } from './order-item.entity';
import { OrderStatusChangeEntity } from './order-status-change.entity';

/**
 * Orders in and out of Postgres, through one EntityManager: a transaction's (the unit of
 * work makes one per transaction) or, for the reads, the data source's own.
 */
export class OrderRepository implements OrderRepositoryPort, OrderReaderPort {
  constructor(private readonly manager: EntityManager) {}

  async insert(order: Order): Promise<number> {
    const { lines, address, ...rest } = order.snapshot();
    const result = await this.manager.insert(OrderEntity, {
      buyerId: rest.buyerId,
      buyerName: rest.buyerName,
      ...address,
      status: rest.status,
      description: rest.description ?? null,
      orderDate: rest.orderDate,
    });
    const id = (result.identifiers[0] as { id: number }).id;
    await this.manager.insert(
      OrderItemEntity,
      lines.map((line) => ({ orderId: id, ...line })),
    );
    await this.insertChanges(id, order.takeNewStatusChanges());
    order.saved(id);
    return id;
  }

  async findForUpdate(id: number): Promise<Order | null> {
    const entity = await this.manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!entity) return null;
    const [order] = await this.withLinesAndHistory([entity]);
    return order ?? null;
  }

  async saveStatus(order: Order): Promise<void> {
    const { id, status, description } = order.snapshot();
    if (id === undefined) throw new Error('saveStatus needs a saved order');
    await this.manager.update(OrderEntity, { id }, { status, description: description ?? null });
    await this.insertChanges(id, order.takeNewStatusChanges());
  }

  async listOfBuyer(buyerId: string): Promise<Order[]> {
    const entities = await this.manager.find(OrderEntity, { where: { buyerId }, order: { id: 'DESC' } });
    return this.withLinesAndHistory(entities);
  }

  async findOfBuyer(id: number, buyerId: string): Promise<Order | null> {
    const entity = await this.manager.findOneBy(OrderEntity, { id, buyerId });
    if (!entity) return null;
    const [order] = await this.withLinesAndHistory([entity]);
    return order ?? null;
  }

  /** Two queries for any number of orders: their lines, and their history in order. */
  private async withLinesAndHistory(entities: OrderEntity[]): Promise<Order[]> {
    if (entities.length === 0) return [];
    const orderId = In(entities.map((entity) => entity.id));
    const [items, changes] = await Promise.all([
      this.manager.find(OrderItemEntity, { where: { orderId }, order: { orderId: 'ASC', productId: 'ASC' } }),
      this.manager.find(OrderStatusChangeEntity, { where: { orderId }, order: { id: 'ASC' } }),
    ]);
    return entities.map((entity) =>
      toOrder(
        entity,
        items.filter((item) => item.orderId === entity.id),
        changes.filter((change) => change.orderId === entity.id),
      ),
    );
  }

  private async insertChanges(orderId: number, changes: StatusChange[]) {
    if (changes.length === 0) return;
    await this.manager.insert(
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
