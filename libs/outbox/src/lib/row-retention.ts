import { silentLogger, type StructuredLogger } from '@eshop/logger';
import { describeError } from './describe-error';
import type { InboxSql } from './inbox-retention';
import { deleteInBatches, RetentionTimer } from './retention-timer';

const HOUR = 3_600_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Which rows of which table retention may delete. Names come from code, never from input. */
export interface RowRetentionTarget {
  readonly table: string;
  /** The primary key's columns: a batch deletes exactly the rows it selected. */
  readonly keyColumns: readonly string[];
  /** The row's age is measured from this timestamp column (database clock). */
  readonly timestampColumn: string;
  /** Only rows in these states (`stateColumn`) are ever deleted: e.g. final states. */
  readonly onlyStates?: { readonly column: string; readonly values: readonly string[] };
}

export interface RowRetentionOptions {
  /** At least an hour: a window shorter than the redeliveries it must outlast is refused. */
  readonly maxAgeMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
}

/**
 * Batched deletion of rows older than a window, on a timer in every instance: the shape of
 * the inbox's retention (IntegrationEventInbox), for a service's own bookkeeping tables
 * (ordering's `client_request`, catalog's finished `stock_reservation`s). SKIP LOCKED:
 * instances running at once take disjoint rows, and a row a transaction holds right now is
 * left for the next run.
 */
export class RowRetention {
  private readonly timer: RetentionTimer;
  private readonly statement: string;

  constructor(
    private readonly sql: InboxSql,
    readonly target: RowRetentionTarget,
    readonly options: RowRetentionOptions,
    private readonly logger: StructuredLogger = silentLogger,
  ) {
    if (options.maxAgeMs < HOUR) {
      throw new RangeError(`${target.table} retention ${options.maxAgeMs} ms is below an hour: rows would go while copies still arrive`);
    }
    this.statement = deleteStatement(target);
    this.timer = new RetentionTimer(
      options.intervalMs,
      () => this.purge(),
      (error) => this.logger.warn({ table: target.table, err: describeError(error) }, 'retention failed'),
    );
  }

  /** Deletes the rows older than the window, batch by batch; returns how many. */
  async purge(): Promise<number> {
    const { batchSize, maxAgeMs } = this.options;
    const total = await deleteInBatches(
      async () => {
        const rows = (await this.sql.query(this.statement, [maxAgeMs, batchSize])) as Array<{ deleted: number }>;
        return rows[0]?.deleted ?? 0;
      },
      batchSize,
      () => this.timer.stopping,
    );
    if (total > 0) this.logger.info({ table: this.target.table, deleted: total }, 'retention deleted rows');
    return total;
  }

  start(): void {
    this.timer.start();
  }

  /** Waits for a run in flight (which stops between batches). */
  stop(): Promise<void> {
    return this.timer.stop();
  }

  // Nest lifecycle hooks by name (no Nest import in this plain class): provided in an app
  // module, it starts once the app is up and stops before the DataSource closes.
  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}

function deleteStatement({ table, keyColumns, timestampColumn, onlyStates }: RowRetentionTarget): string {
  const names = [table, timestampColumn, ...keyColumns, ...(onlyStates ? [onlyStates.column] : [])];
  const invalid = names.find((name) => !IDENTIFIER.test(name));
  if (invalid !== undefined || keyColumns.length === 0) throw new Error(`retention: not a plain SQL identifier: ${invalid ?? '(no key)'}`);
  const states = onlyStates
    ? ` AND ${onlyStates.column} IN (${onlyStates.values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`
    : '';
  const keys = keyColumns.join(', ');
  const join = keyColumns.map((column) => `t.${column} = doomed.${column}`).join(' AND ');
  return `WITH doomed AS (
     SELECT ${keys} FROM ${table}
     WHERE ${timestampColumn} < now() - $1 * interval '1 millisecond'${states}
     LIMIT $2
     FOR UPDATE SKIP LOCKED
   ), deleted AS (
     DELETE FROM ${table} t USING doomed WHERE ${join}
     RETURNING 1
   )
   SELECT count(*)::int AS deleted FROM deleted`;
}
