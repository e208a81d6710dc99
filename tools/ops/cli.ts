import { UsageError } from './args';
import { parseCommand, type Command } from './commands';
import { listFailed, requeueFailed, type FailedEvent, type RequeuedEvent } from './failed-events';
import { plural, renderJson, renderTable, type Column } from './output';
import type { ParkedMessage } from './parked-message';
import { listParked, purgeParked, replayParked } from './parked-messages';
import { USAGE } from './usage';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** What a command produced: the JSON document, or a table and a summary line. */
interface Report {
  readonly json: unknown;
  readonly table: string | undefined;
  readonly summary: string;
}

const PARKED_COLUMNS: ReadonlyArray<Column<ParkedMessage>> = [
  { header: 'MESSAGE ID', value: (m) => m.messageId },
  { header: 'EVENT', value: (m) => m.event },
  { header: 'ATTEMPT', value: (m) => m.attempt },
  { header: 'PARKED AT', value: (m) => m.parkedAt },
  { header: 'ERROR', value: (m) => m.error, maxWidth: 80 },
];

const FAILED_COLUMNS: ReadonlyArray<Column<FailedEvent>> = [
  { header: 'EVENT ID', value: (e) => e.eventId },
  { header: 'EVENT', value: (e) => e.eventName },
  { header: 'ATTEMPTS', value: (e) => e.attempts },
  { header: 'CREATED AT', value: (e) => e.createdAt.toISOString() },
  { header: 'LAST ERROR', value: (e) => e.lastError, maxWidth: 80 },
];

const REQUEUED_COLUMNS: ReadonlyArray<Column<RequeuedEvent>> = [
  { header: 'EVENT ID', value: (e) => e.eventId },
  { header: 'EVENT', value: (e) => e.eventName },
];

const tableOf = <T>(columns: ReadonlyArray<Column<T>>, rows: readonly T[]) =>
  rows.length > 0 ? renderTable(columns, rows) : undefined;

type Of<K extends Command['kind']> = Extract<Command, { readonly kind: K }>;

async function listReport({ rabbitmqUrl, queue, limit }: Of<'parked-list'>): Promise<Report> {
  const { parking, total, messages } = await listParked(rabbitmqUrl, queue, limit);
  return {
    json: { queue, parking, total, messages },
    table: tableOf(PARKED_COLUMNS, messages),
    summary: total === 0 ? `no parked messages in ${parking}` : `${messages.length} of ${plural(total, 'parked message')} in ${parking}`,
  };
}

async function changeReport({ kind, rabbitmqUrl, queue, selection }: Of<'parked-replay' | 'parked-purge'>): Promise<Report> {
  const replay = kind === 'parked-replay';
  const { parking, changed } = replay
    ? await replayParked(rabbitmqUrl, queue, selection)
    : await purgeParked(rabbitmqUrl, queue, selection);
  const verb = replay ? 'replayed' : 'purged';
  return {
    json: { queue, parking, [verb]: changed },
    table: tableOf(PARKED_COLUMNS, changed),
    summary: `${verb} ${plural(changed.length, 'message')} from ${parking}${replay ? ` to ${queue} (attempt 1)` : ''}`,
  };
}

async function failedReport({ databaseUrl, limit }: Of<'outbox-failed'>): Promise<Report> {
  const { total, events } = await listFailed(databaseUrl, limit);
  return {
    json: { total, events },
    table: tableOf(FAILED_COLUMNS, events),
    summary: total === 0 ? 'no failed outbox events' : `${events.length} of ${plural(total, 'failed outbox event')}`,
  };
}

async function requeueReport({ databaseUrl, selection }: Of<'outbox-requeue'>): Promise<Report> {
  const requeued = await requeueFailed(databaseUrl, selection);
  return {
    json: { requeued },
    table: tableOf(REQUEUED_COLUMNS, requeued),
    summary: requeued.length === 0 ? 'no failed outbox events to requeue' : `requeued ${plural(requeued.length, 'event')}: the relay publishes them now`,
  };
}

function report(command: Exclude<Command, { readonly kind: 'help' }>): Promise<Report> {
  switch (command.kind) {
    case 'parked-list':
      return listReport(command);
    case 'parked-replay':
    case 'parked-purge':
      return changeReport(command);
    case 'outbox-failed':
      return failedReport(command);
    case 'outbox-requeue':
      return requeueReport(command);
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    return error.errors.map(errorText).join('; '); // e.g. pg's connect to several addresses
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Runs one command line and returns its exit code: 0 done, 1 failed, 2 bad arguments.
 * Every failure becomes one line on `err` (only a bug in the parser could throw), so the
 * entry point just sets the exit code.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`ops: ${error.message}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.out(USAGE.trimEnd());
    return 0;
  }
  try {
    const { json, table, summary } = await report(command);
    if (command.json) io.out(renderJson(json));
    else io.out(table === undefined ? summary : `${table}\n\n${summary}`);
    return 0;
  } catch (error) {
    io.err(`ops: ${errorText(error)}`);
    return 1;
  }
}
