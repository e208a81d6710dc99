import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('catalog_brand')
export class CatalogBrandEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column('text')
  brand!: string;
}
