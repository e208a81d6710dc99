import type { EntityManager } from 'typeorm';
import type {
  ClientRequest,
  ClientRequestKey,
  ClientRequestRepositoryPort,
  Registration,
} from '../application/client-request-repository.port';

interface ClientRequestRow {
  command: string;
  order_id: number | null;
}

/**
 * The `client_request` table, in the command's transaction, keyed by (buyer, request id).
 * The key goes in FIRST with ON CONFLICT DO NOTHING: a concurrent duplicate blocks on the
 * primary key until the first transaction ends, then finds the key taken (or free, if the
 * first rolled back). eShop checked, then inserted: two copies could both pass the check.
 */
export class ClientRequestRepository implements ClientRequestRepositoryPort {
  constructor(private readonly manager: EntityManager) {}

  async register(request: ClientRequest): Promise<Registration> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO client_request (request_id, command, buyer_id, order_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (buyer_id, request_id) DO NOTHING RETURNING request_id`,
      [request.requestId, request.command, request.buyerId, request.orderId],
    );
    if (inserted.length > 0) return { kind: 'new' };
    const [row] = (await this.manager.query(
      'SELECT command, order_id FROM client_request WHERE buyer_id = $1 AND request_id = $2',
      [request.buyerId, request.requestId],
    )) as ClientRequestRow[];
    if (!row) throw new Error(`client request ${request.requestId} vanished`);
    return { kind: 'seen', earlier: { ...request, command: row.command, orderId: row.order_id } };
  }

  async attachOrder(key: ClientRequestKey, orderId: number): Promise<void> {
    await this.manager.query('UPDATE client_request SET order_id = $3 WHERE buyer_id = $1 AND request_id = $2', [
      key.buyerId,
      key.requestId,
      orderId,
    ]);
  }
}
