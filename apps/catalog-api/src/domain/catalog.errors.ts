import { DomainError } from '@eshop/domain-errors';

export class CatalogItemNotFoundError extends DomainError {
  override readonly name = 'CatalogItemNotFoundError';
  readonly code = 'CATALOG_ITEM_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly itemId: number) {
    super(`catalog item ${itemId} not found`);
  }
}

/** Optimistic concurrency: the client edited a version that is no longer current. */
export class CatalogItemVersionConflictError extends DomainError {
  override readonly name = 'CatalogItemVersionConflictError';
  readonly code = 'CATALOG_ITEM_VERSION_CONFLICT';
  readonly kind = 'conflict';
  constructor(itemId: number, expected: number, actual: number) {
    super(
      `catalog item ${itemId} is at version ${actual}, not ${expected}: reload it and apply the change again`,
    );
  }
}

/** An item must point at an existing type and brand; the message names the field. */
export class UnknownCatalogReferenceError extends DomainError {
  override readonly name = 'UnknownCatalogReferenceError';
  readonly code = 'CATALOG_REFERENCE_UNKNOWN';
  readonly kind = 'invalid';
  constructor(field: 'catalogTypeId' | 'catalogBrandId', id: number) {
    super(`${field}: no catalog ${field === 'catalogTypeId' ? 'type' : 'brand'} ${id}`);
  }
}

/** A PUT body that echoes an `id` must name the item of the path. */
export class CatalogItemIdMismatchError extends DomainError {
  override readonly name = 'CatalogItemIdMismatchError';
  readonly code = 'CATALOG_ITEM_ID_MISMATCH';
  readonly kind = 'invalid';
  constructor(pathId: number, bodyId: number) {
    super(`id: ${bodyId} does not match the item of the path (${pathId})`);
  }
}
