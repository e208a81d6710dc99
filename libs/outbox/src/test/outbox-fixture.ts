import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  integrationEvents,
  PRODUCT_PRICE_CHANGED,
  type IntegrationEventMap,
  type ProductPriceChangedIntegrationEvent,
} from '@eshop/contracts';
import { createTestDatabase, testEnv, uniqueName, waitFor, type TestDatabase } from '@eshop/testing';
import { RabbitMqEventBus, type RabbitMqEventBusOptions } from '@eshop/event-bus-rabbitmq';
import { RELAY_LIVENESS_LOCK_CLASS } from '../lib/lease-takeover.migration';
import { outboxMigrations } from '../lib/outbox-migrations';
import { OutboxRelay } from '../lib/outbox-relay';
import type { OutboxRelayOverrides } from '../lib/outbox-relay.options';
import { OutboxWriter } from '../lib/outbox-writer';
import { createRelayPool } from '../lib/relay-pool';
import type { OutboxPublisher } from '../lib/outbox.types';

export interface OutboxRow {
  event_id: string;
  seq: string;
  event_name: string;
  payload: unknown;
  traceparent: string | null;
  state: string;
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  claimed_at: Date | null;
  last_error: string | null;
  published_at: Date | null;
  transaction_id: string;
}

export interface FixtureNames {
  readonly databaseUrl: string;
  readonly rabbitmqUrl: string;
  /** Per-run exchange, and the probe queue bound to it that collects every message. */
  readonly exchange: string;
  readonly probeQueue: string;
}

type Bus = RabbitMqEventBus<IntegrationEventMap>;

/**
 * One migrated database, a per-run exchange with a probe queue, and the relays, pools and
 * buses a test makes (all closed by `cleanup`). Takes names from the test, which creates and
 * drops the database itself (the testing helpers are for test files only).
 */
export class OutboxFixture {
  readonly writer = new OutboxWriter(integrationEvents);
  private readonly pools: Pool[] = [];
  private readonly buses: Bus[] = [];
  private readonly relays: OutboxRelay[] = [];

  private constructor(
    readonly names: FixtureNames,
    readonly dataSource: DataSource,
    private readonly amqp: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async create(names: FixtureNames): Promise<OutboxFixture> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: names.databaseUrl,
      migrations: outboxMigrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const amqp = await connect(names.rabbitmqUrl);
    const channel = await amqp.createChannel();
    await channel.assertExchange(names.exchange, 'topic', { durable: true });
    await channel.assertQueue(names.probeQueue, { durable: false });
    await channel.bindQueue(names.probeQueue, names.exchange, '#');
    return new OutboxFixture(names, dataSource, amqp, channel);
  }

  /** Saves events in one committed transaction. */
  async save(events: ProductPriceChangedIntegrationEvent[], traceparent?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) {
        await this.writer.saveEvent({ name: PRODUCT_PRICE_CHANGED, event, traceparent }, manager);
      }
    });
  }

  /** A relay's pool, configured as the Nest module configures it. */
  pool(): Pool {
    const pool = createRelayPool(this.names.databaseUrl, 4);
    this.pools.push(pool);
    return pool;
  }

  bus(overrides: Partial<RabbitMqEventBusOptions<IntegrationEventMap>> = {}): Bus {
    const bus = new RabbitMqEventBus<IntegrationEventMap>({
      url: this.names.rabbitmqUrl,
      registry: integrationEvents,
      exchange: this.names.exchange,
      publishTimeoutMs: 5_000,
      reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
      ...overrides,
    });
    this.buses.push(bus);
    return bus;
  }

  relay(publisher: OutboxPublisher, overrides: OutboxRelayOverrides = {}): OutboxRelay {
    const relay = new OutboxRelay(this.pool(), publisher, {
      retention: { enabled: false },
      backoff: { initialMs: 50, maxMs: 200 },
      ...overrides,
    });
    this.relays.push(relay);
    return relay;
  }

  async rows(): Promise<OutboxRow[]> {
    return this.dataSource.query('SELECT * FROM integration_event_log ORDER BY seq');
  }

  async row(eventId: string): Promise<OutboxRow | undefined> {
    const rows: OutboxRow[] = await this.dataSource.query(
      'SELECT * FROM integration_event_log WHERE event_id = $1',
      [eventId],
    );
    return rows[0];
  }

  /** The keys of the relay liveness locks held in this database now. */
  async liveKeys(): Promise<number[]> {
    const rows: Array<{ key: string }> = await this.dataSource.query(
      `SELECT objid::bigint AS key FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [RELAY_LIVENESS_LOCK_CLASS],
    );
    return rows.map((row) => Number(row.key));
  }

  /**
   * Ends the session holding liveness lock `key`, as Postgres does when the relay's process
   * dies, and waits until the lock is gone.
   */
  async killLiveness(key: number): Promise<void> {
    const holders: Array<{ pid: number }> = await this.dataSource.query(
      `SELECT pid FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [RELAY_LIVENESS_LOCK_CLASS, key],
    );
    if (holders.length !== 1) throw new Error(`no session holds liveness key ${key}`);
    await this.dataSource.query('SELECT pg_terminate_backend($1)', [holders[0]?.pid]);
    await waitFor(async () => !(await this.liveKeys()).includes(key), `liveness key ${key} released`);
  }

  /** Takes every message the probe queue holds now. */
  async drain(): Promise<GetMessage[]> {
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await this.channel.get(this.names.probeQueue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.relays.map((relay) => relay.stop()));
    await Promise.all(this.buses.map((bus) => bus.close()));
    await Promise.all(this.pools.map((pool) => pool.end()));
    await this.dataSource.destroy();
    await this.channel.deleteQueue(this.names.probeQueue);
    await this.channel.deleteExchange(this.names.exchange);
    await this.amqp.close();
  }
}

export { priceChangedEvent as priceChanged } from '@eshop/testing';

export { PRODUCT_PRICE_CHANGED };

/**
 * Registers a fresh fixture per test (its own database, exchange and probe queue) and
 * removes it afterwards. Returns a getter: the fixture of the running test.
 */
export function useOutboxFixture(databasePrefix: string): () => OutboxFixture {
  let db: TestDatabase | undefined;
  let fx: OutboxFixture | undefined;
  beforeEach(async () => {
    db = await createTestDatabase(databasePrefix);
    const exchange = uniqueName('test.outbox');
    fx = await OutboxFixture.create({
      databaseUrl: db.url,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      exchange,
      probeQueue: `${exchange}.probe`,
    });
  });
  afterEach(async () => {
    await fx?.cleanup();
    await db?.drop();
  });
  return () => {
    if (!fx) throw new Error('useOutboxFixture: no test is running');
    return fx;
  };
}

/** The liveness key a `lease_owner` of the form `<key>/<relayId>#<n>` carries. */
export function ownerKey(owner: string | null | undefined): number {
  const match = /^(\d+)\//.exec(owner ?? '');
  if (!match) throw new Error(`lease owner without a key: ${owner}`);
  return Number(match[1]);
}
