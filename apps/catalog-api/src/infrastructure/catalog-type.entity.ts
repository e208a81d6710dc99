import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('catalog_type')
export class CatalogTypeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column('text')
  type!: string;
}
