import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus } from '../domain/order-status';

/**
 * The `orders` row. Mapped to and from the domain Order by OrderRepository only; its lines
 * and history are loaded by order id (no ORM relations: nothing is loaded behind one's back).
 */
@Entity('orders')
export class OrderEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column('text', { name: 'buyer_id' })
  buyerId!: string;

  @Column('text', { name: 'buyer_name' })
  buyerName!: string;

  @Column('text')
  street!: string;

  @Column('text')
  city!: string;

  @Column('text')
  state!: string;

  @Column('text')
  country!: string;

  @Column('text', { name: 'zip_code' })
  zipCode!: string;

  @Column('text')
  status!: OrderStatus;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('timestamptz', { name: 'order_date' })
  orderDate!: Date;

  @Column('timestamptz', { name: 'grace_period_confirmed_at', nullable: true })
  gracePeriodConfirmedAt!: Date | null;
}
