import type { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StructuredLogger } from '@eshop/logger';
import { RowRetention, type RowRetentionOptions, type RowRetentionTarget } from '../lib/row-retention';

/**
 * Row retention on the app's TypeORM DataSource: listed in an app module's providers, it
 * starts at application bootstrap and stops before the DataSource closes (RowRetention's hooks).
 */
export function rowRetentionProvider(
  target: RowRetentionTarget,
  options: RowRetentionOptions,
  logger?: StructuredLogger,
): FactoryProvider<RowRetention> {
  return {
    provide: RowRetention,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new RowRetention(dataSource, target, options, logger),
  };
}
