import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateIntegrationEventLog1735689600000 } from '@eshop/outbox';
import { createTestDatabase, type TestDatabase } from '@eshop/testing';
import { CreateOrdering1735690000000 } from '../infrastructure/migrations/1735690000000-create-ordering.migration';
import { ClientRequestPerBuyer1796000000000 } from '../infrastructure/migrations/1796000000000-client-request-per-buyer.migration';
import { orderingDataSourceOptions } from '../infrastructure/ordering-database';

const insert = 'INSERT INTO client_request (request_id, command, buyer_id) VALUES ($1, $2, $3)';

/** The migrations of the release before request ids were per buyer. */
const OLDER_RELEASE = [CreateOrdering1735690000000, CreateIntegrationEventLog1735689600000];

// A database made by the release before request ids were per buyer, upgraded in place.
describe('client_request per buyer (migration)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('ordering_migration');
  });
  afterAll(() => db?.drop());

  it('keeps the rows, then lets two buyers use one request id (and not one buyer twice); down restores', async () => {
    const before = await new DataSource({ ...orderingDataSourceOptions(db.url), migrations: OLDER_RELEASE }).initialize();
    const requestId = randomUUID();
    await before.runMigrations();
    await before.query(insert, [requestId, 'create-order', 'buyer-g']);
    await expect(before.query(insert, [requestId, 'create-order', 'buyer-h'])).rejects.toThrow(/duplicate key/);
    await before.destroy();

    const after = await new DataSource(orderingDataSourceOptions(db.url)).initialize();
    try {
      expect((await after.runMigrations()).map((m) => m.name)).toContain('ClientRequestPerBuyer1796000000000');
      await after.query(insert, [requestId, 'create-order', 'buyer-h']);
      await expect(after.query(insert, [requestId, 'cancel-order', 'buyer-h'])).rejects.toThrow(/duplicate key/);
      expect(await after.query('SELECT buyer_id FROM client_request ORDER BY buyer_id')).toEqual([
        { buyer_id: 'buyer-g' },
        { buyer_id: 'buyer-h' },
      ]);

      await after.query('DELETE FROM client_request WHERE buyer_id = $1', ['buyer-h']);
      const runner = after.createQueryRunner();
      await new ClientRequestPerBuyer1796000000000().down(runner).finally(() => runner.release());
      await expect(after.query(insert, [requestId, 'create-order', 'buyer-h'])).rejects.toThrow(/duplicate key/);
    } finally {
      await after.destroy();
    }
  });
});
