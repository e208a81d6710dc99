import { money, toCents } from '@eshop/contracts';
import { NoHealthyInstanceError, type ServiceResolver } from '@eshop/discovery';
import { UpstreamPolicy, type UpstreamPolicyOptions } from '@eshop/resilience';
import type { StructuredLogger } from '@eshop/logger';
import { z } from 'zod';
import type { CatalogItemsPort } from '../application/catalog-items.port';
import type { CatalogProduct } from '../domain/basket';
import { CatalogUnavailableError } from '../domain/catalog.errors';

export const CATALOG_SERVICE = 'catalog-api';

/**
 * A basket write waits for this read, so it is short: a 2 s timeout per attempt, two
 * attempts (a GET is safe to repeat), and a breaker that stops calling a catalog that
 * failed 5 times in a row for 5 s, so a dead catalog costs a fast 503, not a hung request.
 * Only catalog's failures count (no answer, a 5xx); its 4xx answers never open the breaker.
 * The bulkhead caps what one basket instance asks of catalog at once; a burst of writes
 * waits in its queue (each read takes milliseconds) rather than failing.
 */
export const catalogPolicyOptions: UpstreamPolicyOptions = {
  timeoutMs: 2_000,
  breaker: { consecutiveFailures: 5, halfOpenAfterMs: 5_000 },
  bulkhead: { maxConcurrent: 100, maxQueue: 1_000 },
  retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 500 },
  // No instance to call is not a failure of one: nothing to retry, nothing for the breaker.
  isFailure: (error) => !(error instanceof NoHealthyInstanceError),
};

/** Catalog's `GET /api/catalog/items/by?ids=` item; the fields basket does not use are dropped. */
const catalogItem = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  price: money,
  pictureFileName: z.string(),
  version: z.number().int().nonnegative(),
});

/** Catalog answered with a 5xx: a failure of catalog (retried, counted by the breaker). */
class CatalogFailedError extends Error {
  constructor(readonly status: number) {
    super(`catalog answered ${status}`);
  }
}

export interface CatalogItemsHttpClientOptions {
  /** Where pictures are served; a picture URL is `<base>/<pictureFileName>` (as the gateway builds it). */
  readonly pictureBaseUrl: string;
}

/**
 * Reads products from catalog's public read route, through discovery (static CATALOG_URL
 * or Consul) and one resilience policy shared by every request of this process.
 */
export class CatalogItemsHttpClient implements CatalogItemsPort {
  private readonly policy: UpstreamPolicy;

  constructor(
    private readonly resolver: ServiceResolver,
    private readonly options: CatalogItemsHttpClientOptions,
    logger: StructuredLogger,
  ) {
    this.policy = new UpstreamPolicy(CATALOG_SERVICE, catalogPolicyOptions, logger);
  }

  async findByIds(productIds: readonly number[]): Promise<ReadonlyMap<number, CatalogProduct>> {
    const path = `/api/catalog/items/by?ids=${[...new Set(productIds)].join(',')}`;
    const answer = await this.policy
      .execute((signal) => this.get(path, signal), { idempotent: true })
      .catch((error: unknown) => {
        throw new CatalogUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
      });
    if (answer.status !== 200) throw new CatalogUnavailableError(`catalog answered ${answer.status} to a read of products`);
    const items = z.array(catalogItem).safeParse(parseJson(answer.body));
    if (!items.success) throw new CatalogUnavailableError('catalog answered with something other than a list of items');
    return new Map(items.data.map((item) => [item.id, this.toProduct(item)]));
  }

  private async get(path: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
    const { url } = await this.resolver.resolve(CATALOG_SERVICE);
    const response = await fetch(`${url}${path}`, { signal, headers: { accept: 'application/json' } });
    const body = await response.text();
    if (response.status >= 500) throw new CatalogFailedError(response.status);
    return { status: response.status, body };
  }

  private toProduct(item: z.infer<typeof catalogItem>): CatalogProduct {
    return {
      productId: item.id,
      productName: item.name,
      unitPriceCents: toCents(item.price),
      pictureUrl: pictureUrl(this.options.pictureBaseUrl, item.pictureFileName),
      version: item.version,
    };
  }
}

// SIMPLIFICATION: no picture service in this system; the URL is where one would serve it.
function pictureUrl(baseUrl: string, fileName: string): string {
  if (fileName === '') return '';
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(fileName)}`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
