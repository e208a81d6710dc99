import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { centsFromDecimal, decimalFromCents } from '@eshop/contracts';

/** numeric(12,2) ⇄ integer cents, exactly (the driver reads numeric as a string). */
const cents: ValueTransformer = {
  from: (value: string | null) => (value === null ? null : centsFromDecimal(value)),
  to: (value: number | undefined) => (value === undefined ? undefined : decimalFromCents(value)),
};

@Entity('order_item')
export class OrderItemEntity {
  @PrimaryColumn('integer', { name: 'order_id' })
  orderId!: number;

  @PrimaryColumn('integer', { name: 'product_id' })
  productId!: number;

  @Column('text', { name: 'product_name' })
  productName!: string;

  @Column('numeric', { name: 'unit_price', precision: 12, scale: 2, transformer: cents })
  unitPriceCents!: number;

  @Column('integer')
  units!: number;

  @Column('text', { name: 'picture_url' })
  pictureUrl!: string;
}
