import { DEFAULT_LIMIT, DEFAULT_RABBITMQ_URL } from './commands';
import { MAX_LIMIT } from './args';

export const USAGE = `Operator commands for the event bus' parking queues and the outbox (see tools/ops/README.md).

Usage: npm run ops -- <command> [options]

Parked messages (a service queue's <queue>.parking; --queue names the SERVICE queue):
  parked list    --queue <queue> [--limit N]          list parked messages, removing none
  parked replay  --queue <queue> (--id <messageId> | --all)
                                                      move them back to <queue>, attempt reset to 1
  parked purge   --queue <queue> (--id <messageId> | --all)
                                                      delete them for good
    --rabbitmq-url <url>   default: $RABBITMQ_URL, else ${DEFAULT_RABBITMQ_URL}

Outbox rows (table integration_event_log of catalog or ordering):
  outbox failed  [--limit N]                          list rows the relay gave up on (state failed)
  outbox requeue (--id <eventId> | --all)             hand them back to the relay (attempts 0, due now)
    --database-url <url>   default: $DATABASE_URL

Common:
  --limit N   rows to show, 1..${MAX_LIMIT} (default ${DEFAULT_LIMIT})
  --json      one JSON document on stdout instead of a table
  --help      this text

Exit codes: 0 done, 1 failed (nothing matched, broker or database error), 2 bad arguments.
`;
