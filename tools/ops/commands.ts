import {
  UsageError,
  limitOption,
  parseOptions,
  selectionOption,
  stringOption,
  urlOption,
  type OptionTable,
  type ParsedOptions,
  type Selection,
} from './args';

/** The same default as the apps' config (libs/config), so `npm run ops` works locally as is. */
export const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@localhost:5672';
export const DEFAULT_LIMIT = 50;

interface Output {
  readonly json: boolean;
}
interface ParkedTarget extends Output {
  readonly rabbitmqUrl: string;
  /** The service queue (e.g. `basket-api`); its parking queue is `<queue>.parking`. */
  readonly queue: string;
}
interface OutboxTarget extends Output {
  readonly databaseUrl: string;
}

export type Command =
  | { readonly kind: 'help' }
  | (ParkedTarget & { readonly kind: 'parked-list'; readonly limit: number })
  | (ParkedTarget & { readonly kind: 'parked-replay' | 'parked-purge'; readonly selection: Selection })
  | (OutboxTarget & { readonly kind: 'outbox-failed'; readonly limit: number })
  | (OutboxTarget & { readonly kind: 'outbox-requeue'; readonly selection: Selection });

type Env = Readonly<Record<string, string | undefined>>;

interface Definition {
  readonly options: OptionTable;
  readonly build: (options: ParsedOptions, env: Env, name: string) => Command;
}

const PARKED_OPTIONS = { queue: 'value', 'rabbitmq-url': 'value', json: 'flag' } as const;
const OUTBOX_OPTIONS = { 'database-url': 'value', json: 'flag' } as const;
const SELECT_OPTIONS = { id: 'value', all: 'flag' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parkedTarget(options: ParsedOptions, env: Env, name: string): ParkedTarget {
  const queue = stringOption(options, 'queue');
  if (queue === undefined) throw new UsageError(`"${name}" needs --queue <service-queue>`);
  // The commands derive `<queue>.parking` themselves; naming the parking queue is a slip
  // that would otherwise look for `basket-api.parking.parking` and find nothing.
  if (queue.endsWith('.parking')) {
    throw new UsageError(`--queue takes the service queue ("${queue.slice(0, -'.parking'.length)}"), not its parking queue`);
  }
  const url = stringOption(options, 'rabbitmq-url') ?? env['RABBITMQ_URL'] ?? DEFAULT_RABBITMQ_URL;
  return { queue, json: options.has('json'), rabbitmqUrl: urlOption(url, ['amqp:', 'amqps:'], 'the RabbitMQ URL') };
}

function outboxTarget(options: ParsedOptions, env: Env, name: string): OutboxTarget {
  const url = stringOption(options, 'database-url') ?? env['DATABASE_URL'];
  if (url === undefined) throw new UsageError(`"${name}" needs --database-url <url> (or DATABASE_URL)`);
  return { json: options.has('json'), databaseUrl: urlOption(url, ['postgres:', 'postgresql:'], 'the database URL') };
}

function outboxSelection(options: ParsedOptions, name: string): Selection {
  const selection = selectionOption(options, name, 'eventId');
  // Checked here: a malformed id would otherwise surface as a Postgres cast error (exit 1).
  if ('id' in selection && !UUID.test(selection.id)) {
    throw new UsageError(`--id must be an event id (a UUID), got "${selection.id}"`);
  }
  return selection;
}

const COMMANDS: Readonly<Record<string, Definition>> = {
  'parked list': {
    options: { ...PARKED_OPTIONS, limit: 'value' },
    build: (o, env, name) => ({ kind: 'parked-list', ...parkedTarget(o, env, name), limit: limitOption(o, DEFAULT_LIMIT) }),
  },
  'parked replay': {
    options: { ...PARKED_OPTIONS, ...SELECT_OPTIONS },
    build: (o, env, name) => ({ kind: 'parked-replay', ...parkedTarget(o, env, name), selection: selectionOption(o, name, 'messageId') }),
  },
  'parked purge': {
    options: { ...PARKED_OPTIONS, ...SELECT_OPTIONS },
    build: (o, env, name) => ({ kind: 'parked-purge', ...parkedTarget(o, env, name), selection: selectionOption(o, name, 'messageId') }),
  },
  'outbox failed': {
    options: { ...OUTBOX_OPTIONS, limit: 'value' },
    build: (o, env, name) => ({ kind: 'outbox-failed', ...outboxTarget(o, env, name), limit: limitOption(o, DEFAULT_LIMIT) }),
  },
  'outbox requeue': {
    options: { ...OUTBOX_OPTIONS, ...SELECT_OPTIONS },
    build: (o, env, name) => ({ kind: 'outbox-requeue', ...outboxTarget(o, env, name), selection: outboxSelection(o, name) }),
  },
};

const GROUPS = ['parked', 'outbox'];

/** Turns argv (after `npm run ops --`) into a command; throws UsageError on any mistake. */
export function parseCommand(argv: readonly string[], env: Env): Command {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  const [group, action, ...rest] = argv;
  if (group === undefined) throw new UsageError('missing command (see --help)');
  if (!GROUPS.includes(group)) throw new UsageError(`unknown command "${group}" (see --help)`);
  const name = `${group} ${action ?? ''}`.trim();
  const definition = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!definition) {
    throw new UsageError(action === undefined ? `"${group}" needs a subcommand (see --help)` : `unknown command "${name}" (see --help)`);
  }
  return definition.build(parseOptions(rest, definition.options, name), env, name);
}
