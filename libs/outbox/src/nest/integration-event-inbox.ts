import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type InboxOutcome<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

/**
 * The idempotent consumer (docs/patterns/idempotent-consumer.md): the record "event X handled
 * by consumer Y" and the handler's effect commit in ONE transaction. The record goes in first
 * with ON CONFLICT DO NOTHING: a copy handled before finds it and does nothing; a copy being
 * handled right now by another instance waits on the key and then does nothing; if the work
 * fails, both roll back and the redelivery starts from scratch.
 */
@Injectable()
export class IntegrationEventInbox {
  constructor(private readonly dataSource: DataSource) {}

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
}
