import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { StructuredLogger } from '@eshop/logger';
import { describeError } from '../lib/describe-error';
import { deleteHandledBefore, resolveInboxRetention, type InboxRetentionOptions } from '../lib/inbox-retention';
import { deleteInBatches, RetentionTimer } from '../lib/retention-timer';

export type InboxOutcome<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

export interface IntegrationEventInboxOptions {
  /** Defaults: on, records older than 7 days, 1 000 per statement, every 5 minutes. */
  readonly retention?: Partial<InboxRetentionOptions>;
  /** Defaults to Nest's logger (the app's pino logger once the app uses it). */
  readonly logger?: StructuredLogger;
}

/** Optional provider of `IntegrationEventInboxOptions`; without it the defaults apply. */
export const INTEGRATION_EVENT_INBOX_OPTIONS = Symbol('INTEGRATION_EVENT_INBOX_OPTIONS');

/**
 * The idempotent consumer (docs/patterns/idempotent-consumer.md): the record "event X handled
 * by consumer Y" and the handler's effect commit in ONE transaction. The record goes in first
 * with ON CONFLICT DO NOTHING: a copy handled before finds it and does nothing; a copy being
 * handled right now by another instance waits on the key and then does nothing; if the work
 * fails, both roll back and the redelivery starts from scratch.
 *
 * Retention: every instance that provides the inbox deletes records older than the window
 * (7 days), batch by batch, on its own timer (started at application bootstrap, stopped at
 * module destroy). The inbox owns it rather than the outbox relay because the records are
 * written wherever events are consumed, which need not be where a relay runs
 * (`OUTBOX_RELAY=off` instances, the standalone relay process).
 */
@Injectable()
export class IntegrationEventInbox implements OnApplicationBootstrap, OnModuleDestroy {
  readonly retention: InboxRetentionOptions;
  private readonly logger: StructuredLogger;
  private readonly timer: RetentionTimer;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(INTEGRATION_EVENT_INBOX_OPTIONS) options: IntegrationEventInboxOptions = {},
  ) {
    this.retention = resolveInboxRetention(options.retention);
    this.logger = options.logger ?? nestLogger();
    this.timer = new RetentionTimer(
      this.retention.intervalMs,
      () => this.purgeHandled(),
      (error) => this.logger.warn({ err: describeError(error) }, 'inbox retention failed'),
    );
  }

  handleOnce<T>(
    consumer: string,
    event: { readonly id: string },
    eventName: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<InboxOutcome<T>> {
    return this.dataSource.transaction(async (manager) => {
      const recorded: unknown[] = await manager.query(
        `INSERT INTO handled_integration_event (consumer, event_id, event_name)
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id, eventName],
      );
      if (recorded.length === 0) return { handled: false };
      return { handled: true, result: await work(manager) };
    });
  }

  /** Deletes records handled more than `retention.maxAgeMs` ago, batch by batch. Returns how many. */
  async purgeHandled(): Promise<number> {
    const { maxAgeMs, batchSize } = this.retention;
    const total = await deleteInBatches(
      () => deleteHandledBefore(this.dataSource, maxAgeMs, batchSize),
      batchSize,
      () => this.timer.stopping,
    );
    if (total > 0) this.logger.info({ deleted: total }, 'inbox retention deleted handled-event records');
    return total;
  }

  onApplicationBootstrap(): void {
    if (this.retention.enabled) this.timer.start();
  }

  /** Before the DataSource closes (TypeORM closes it at application shutdown, after this). */
  async onModuleDestroy(): Promise<void> {
    await this.timer.stop();
  }
}

function nestLogger(): StructuredLogger {
  const logger = new Logger(IntegrationEventInbox.name);
  const line = (fields: Record<string, unknown>, message: string) => `${message} ${JSON.stringify(fields)}`;
  return {
    debug: (fields, message) => logger.debug(line(fields, message)),
    info: (fields, message) => logger.log(line(fields, message)),
    warn: (fields, message) => logger.warn(line(fields, message)),
    error: (fields, message) => logger.error(line(fields, message)),
  };
}
