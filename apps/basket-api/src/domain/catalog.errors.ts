import { DomainError } from '@eshop/domain-errors';

/**
 * Catalog could not tell basket a product's name and price (down, too slow, its circuit
 * open, or an answer basket cannot read): the write is refused and nothing is stored,
 * because basket never takes a price from anyone but catalog.
 */
export class CatalogUnavailableError extends DomainError {
  override readonly name = 'CatalogUnavailableError';
  readonly code = 'CATALOG_UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(reason: string, options?: ErrorOptions) {
    super(`catalog is unavailable (${reason}): product prices cannot be read, the basket is unchanged; retry later`, options);
  }
}
