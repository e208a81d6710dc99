import { Module, type DynamicModule } from '@nestjs/common';
import { integrationEvents, type IntegrationEventMap } from '@eshop/contracts';
import { LoggingModule } from '@eshop/observability';
import { eventBusModule, outboxModule } from '@eshop/service-host';
import { catalogOutbox, type CatalogRelayConfig } from './catalog.config';

/**
 * `node dist/apps/catalog-api/main.js relay`: the catalog's outbox relay alone, no HTTP,
 * so it can be scaled and killed independently of the API (run the API with
 * OUTBOX_RELAY=off then). Several may run at once: they claim disjoint rows.
 */
@Module({})
export class CatalogRelayModule {
  static register(config: CatalogRelayConfig): DynamicModule {
    const outbox = catalogOutbox(config, true);
    return {
      module: CatalogRelayModule,
      imports: [
        LoggingModule.forRoot({ service: 'catalog-api-relay', level: config.LOG_LEVEL }),
        eventBusModule<IntegrationEventMap>('catalog-api-relay', config, { registry: integrationEvents, queue: false }, outbox),
        outboxModule(outbox),
      ],
    };
  }
}
