import { Column, Entity, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import type { CatalogItem } from '../domain/catalog-item';
import { centsFromDecimal, decimalFromCents } from '@eshop/contracts';

/** numeric(12,2) ⇄ integer cents, exactly (the driver reads numeric as a string). */
const cents: ValueTransformer = {
  from: (value: string | null) => (value === null ? null : centsFromDecimal(value)),
  to: (value: number | undefined) => (value === undefined ? undefined : decimalFromCents(value)),
};

@Entity('catalog_item')
export class CatalogItemEntity implements CatalogItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('numeric', { name: 'price', precision: 12, scale: 2, transformer: cents })
  priceCents!: number;

  @Column('text', { name: 'picture_file_name' })
  pictureFileName!: string;

  @Column('integer', { name: 'catalog_type_id' })
  catalogTypeId!: number;

  @Column('integer', { name: 'catalog_brand_id' })
  catalogBrandId!: number;

  @Column('integer', { name: 'available_stock' })
  availableStock!: number;

  @Column('integer', { name: 'restock_threshold' })
  restockThreshold!: number;

  @Column('integer', { name: 'max_stock_threshold' })
  maxStockThreshold!: number;

  @Column('boolean', { name: 'on_reorder' })
  onReorder!: boolean;

  @Column('integer')
  version!: number;
}
