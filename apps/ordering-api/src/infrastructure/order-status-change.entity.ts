import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus } from '../domain/order-status';

/** One line of an order's status history. */
@Entity('order_status_change')
export class OrderStatusChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('integer', { name: 'order_id' })
  orderId!: number;

  @Column('text')
  status!: OrderStatus;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
