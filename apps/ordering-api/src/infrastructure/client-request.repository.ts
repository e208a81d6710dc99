import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A command keyed by a client's idempotency key. */
export interface ClientRequest {
  readonly requestId: string;
  /** `create-order`, `cancel-order`, `ship-order`. */
  readonly command: string;
  readonly buyerId: string;
  readonly orderId: number | null;
}

export type Registration = { readonly kind: 'new' } | { readonly kind: 'seen'; readonly earlier: ClientRequest };

interface ClientRequestRow {
  command: string;
  buyer_id: string;
  order_id: number | null;
}

/**
 * The idempotency keys of commands (eShop's `requests` table). The key is inserted FIRST in
 * the command's transaction, with ON CONFLICT DO NOTHING: a concurrent duplicate blocks on
 * the primary key until the first transaction ends, then finds the key taken (or free, if
 * the first rolled back). eShop checked, then inserted: two copies could both pass the check.
 */
@Injectable()
export class ClientRequestRepository {
  async register(manager: EntityManager, request: ClientRequest): Promise<Registration> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO client_request (request_id, command, buyer_id, order_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [request.requestId, request.command, request.buyerId, request.orderId],
    );
    if (inserted.length > 0) return { kind: 'new' };
    const [row] = (await manager.query(
      'SELECT command, buyer_id, order_id FROM client_request WHERE request_id = $1',
      [request.requestId],
    )) as ClientRequestRow[];
    if (!row) throw new Error(`client request ${request.requestId} vanished`);
    return {
      kind: 'seen',
      earlier: { requestId: request.requestId, command: row.command, buyerId: row.buyer_id, orderId: row.order_id },
    };
  }

  /** The order a `create-order` request made, known only after the insert. */
  async attachOrder(manager: EntityManager, requestId: string, orderId: number): Promise<void> {
    await manager.query('UPDATE client_request SET order_id = $2 WHERE request_id = $1', [requestId, orderId]);
  }
}
