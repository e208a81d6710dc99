import { Controller, Get, Injectable, Module, Param, type DynamicModule } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { Public } from '@eshop/auth';
import { loadConfig, commonEnv, eventBusEnv, port } from '@eshop/config';
import { PRODUCT_PRICE_CHANGED, integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import { EVENT_BUS, EventBusHealthIndicator } from '@eshop/event-bus-rabbitmq';
import { boundMetricsPort } from '@eshop/observability';
import { RabbitMqTestAdmin, priceChangedEvent, testEnv, uniqueName, waitFor } from '@eshop/testing';
import { z } from 'zod';
import { createServiceApp } from '../bootstrap-service';
import { ServiceHostModule } from '../service-host.module';

const exchange = uniqueName('test.host');
const schema = z.object({ PORT: port(8099), ...commonEnv, ...eventBusEnv('basket-api') });
const config = loadConfig(schema, {
  RABBITMQ_URL: testEnv.rabbitmqUrl,
  LOG_LEVEL: 'silent',
  METRICS_PORT: '0',
  EVENT_BUS_EXCHANGE: exchange,
  EVENT_BUS_QUEUE: `${exchange}.basket-api`,
  EVENT_BUS_RETRY_INITIAL_MS: '50',
});

@Public()
@Controller('things')
class ThingsController {
  @Get(':id')
  one(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Injectable()
class PriceChangedIntegrationEventHandler {
  readonly seen: string[] = [];
  @EventPattern(PRODUCT_PRICE_CHANGED)
  async handle(event: { id: string }): Promise<void> {
    this.seen.push(event.id);
  }
}

@Module({})
class HostedModule {
  static register(): DynamicModule {
    return {
      module: HostedModule,
      imports: [
        ServiceHostModule.forRoot<IntegrationEventMap>({
          service: 'host-test',
          env: config,
          eventBus: { registry: integrationEvents },
          readiness: {
            inject: [EventBusHealthIndicator],
            readiness: (bus: EventBusHealthIndicator) => [() => bus.report('rabbitmq')],
          },
        }),
      ],
      controllers: [ThingsController],
      providers: [PriceChangedIntegrationEventHandler],
    };
  }
}

/** The composition every service uses: HTTP, bus handlers, health and metrics together. */
describe('ServiceHostModule', () => {
  let app: NestExpressApplication;
  let metricsUrl: string;
  beforeAll(async () => {
    app = await createServiceApp(HostedModule.register());
    await app.init();
    metricsUrl = `http://127.0.0.1:${boundMetricsPort()}/metrics`;
  });
  afterAll(async () => {
    await app.close();
    const admin = await RabbitMqTestAdmin.open();
    await admin.deleteServiceQueues(`${exchange}.basket-api`, [50, 250, 1_250]);
    await admin.deleteExchange(exchange);
    await admin.close();
  });

  const scrape = async () => (await fetch(metricsUrl)).text();

  it('times requests by route template on the metrics port, never on the public port', async () => {
    await request(app.getHttpServer()).get('/things/7').expect(200, { id: '7' });
    await request(app.getHttpServer()).get('/things/8').expect(200);
    await request(app.getHttpServer()).get('/metrics').expect(404);
    const text = await scrape();
    expect(text).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/things\/:id"[^}]*method="GET"[^}]*status_code="200"[^}]*\} 2/);
    expect(text).not.toMatch(/route="\/things\/7"/);
  });

  it('counts published and consumed events, and shows the broker connection', async () => {
    await waitFor(async () => (await scrape()).includes('eshop_bus_connected{service="host-test"} 1'), 'bus connected');
    // Connected means declared and bound: the queue is in the contract's subscriber table.
    await app.get<EventBus<IntegrationEventMap>>(EVENT_BUS).publish(PRODUCT_PRICE_CHANGED, priceChangedEvent());
    const handler = app.get(PriceChangedIntegrationEventHandler);
    await waitFor(() => handler.seen.length === 1, 'the delivery');
    const text = await scrape();
    expect(text).toMatch(/eshop_bus_published_total\{[^}]*event="ProductPriceChangedIntegrationEvent"[^}]*\} [1-9]/);
    expect(text).toMatch(/eshop_bus_consumed_total\{[^}]*event="ProductPriceChangedIntegrationEvent"[^}]*outcome="ack"[^}]*\} [1-9]/);
  });

  it('reports the broker in readiness without failing it', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.info.rabbitmq).toMatchObject({ status: 'up' });
  });
});
