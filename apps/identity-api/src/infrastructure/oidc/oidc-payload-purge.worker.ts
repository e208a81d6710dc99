import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { purgeExpiredOidcPayloads } from './postgres-oidc.adapter';

const EVERY_MS = 10 * 60 * 1_000;

/**
 * Deletes expired provider state (codes, sessions, tokens) every 10 minutes. Expired rows
 * are never read (the adapter filters them), so this only keeps the table small; several
 * instances running it at once is harmless.
 */
@Injectable()
export class OidcPayloadPurgeWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OidcPayloadPurgeWorker.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      const count = await purgeExpiredOidcPayloads(this.dataSource);
      if (count > 0) this.logger.log(`purged ${count} expired provider records`);
    } catch (error) {
      this.logger.warn(`purging expired provider records failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
