import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { commonEnv, eventBusEnv, loadConfig, outboxEnv, port } from '@eshop/config';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { boundMetricsPort } from '@eshop/observability';
import { outboxMigrations } from '@eshop/outbox';
import { RabbitMqTestAdmin, createTestDatabase, testEnv, uniqueName, waitFor, type TestDatabase } from '@eshop/testing';
import { z } from 'zod';
import { createServiceApp } from '../bootstrap-service';
import { ServiceHostModule } from '../service-host.module';

const exchange = uniqueName('test.outbox-metrics');
const schema = z.object({ PORT: port(8099), ...commonEnv, ...eventBusEnv('catalog-api'), ...outboxEnv });

/** A service with an outbox (no relay here, so what is written stays pending) and its gauges. */
function hostedModule(databaseUrl: string): DynamicModule {
  const config = loadConfig(schema, {
    RABBITMQ_URL: testEnv.rabbitmqUrl,
    LOG_LEVEL: 'silent',
    METRICS_PORT: '0',
    EVENT_BUS_EXCHANGE: exchange,
    EVENT_BUS_QUEUE: `${exchange}.catalog-api`,
  });
  @Module({})
  class HostedModule {}
  return {
    module: HostedModule,
    imports: [
      ServiceHostModule.forRoot<IntegrationEventMap>({
        service: 'outbox-host',
        env: config,
        auth: false,
        eventBus: { registry: integrationEvents, queue: false },
        outbox: { schemas: integrationEvents, databaseUrl, env: config, relay: false },
        readiness: { inject: [EventBusHealthIndicator], readiness: (bus: EventBusHealthIndicator) => [() => bus.report()] },
      }),
    ],
  };
}

describe('outbox gauges of a service with an outbox', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: NestExpressApplication;
  let metricsUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('outbox_metrics');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, migrations: outboxMigrations }).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    app = await createServiceApp(hostedModule(db.url));
    await app.init();
    metricsUrl = `http://127.0.0.1:${boundMetricsPort()}/metrics`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await db?.drop();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteExchange(exchange);
    await admin.close();
  }, 60_000);

  /** The value of `name` for this service in one scrape. */
  async function gauge(name: string): Promise<number> {
    const text = await (await fetch(metricsUrl)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{service="outbox-host"} `));
    if (!line) throw new Error(`${name} is not in the scrape:\n${text.slice(0, 2_000)}`);
    return Number(line.split(' ')[1]);
  }

  const insert = (state: string, ageSeconds: number, lastError: string | null = null) =>
    dataSource.query(
      `INSERT INTO integration_event_log (event_id, event_name, payload, state, last_error, created_at)
       VALUES ($1, 'E', '{}', $2, $3, now() - $4 * interval '1 second')`,
      [randomUUID(), state, lastError, ageSeconds],
    );

  it('reports an empty outbox as zeros', async () => {
    expect(await gauge('eshop_outbox_pending_events')).toBe(0);
    expect(await gauge('eshop_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(await gauge('eshop_outbox_failed_events')).toBe(0);
  });

  it('reports the backlog, its age and its failures per service', async () => {
    await insert('not_published', 90);
    await insert('not_published', 1, 'broker did not confirm');
    await insert('failed', 4_000, 'gave up');
    // A scrape within a second of the last may reuse its result: wait for the new one.
    await waitFor(async () => (await gauge('eshop_outbox_pending_events')) === 2, 'pending = 2', 10_000, 200);
    const age = await gauge('eshop_outbox_oldest_pending_age_seconds');
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(4_000);
    expect(await gauge('eshop_outbox_failed_events')).toBe(2);
  });

  it('answers NaN, not a failed scrape, while the database is unreachable', async () => {
    await db.drop(); // ends every session, the gauges' included, and removes the database
    await waitFor(async () => Number.isNaN(await gauge('eshop_outbox_pending_events')), 'pending = NaN', 10_000, 200);
    expect(await gauge('eshop_bus_connected')).toBeGreaterThanOrEqual(0);
  });
});
