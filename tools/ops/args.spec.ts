import { UsageError, parseOptions } from './args';
import { DEFAULT_LIMIT, DEFAULT_RABBITMQ_URL, parseCommand } from './commands';

const EVENT_ID = '3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e4c3a21';
const DB = 'postgres://postgres@127.0.0.1:5432/catalog';

const parse = (line: string, env: Record<string, string> = {}) => parseCommand(line.split(' ').filter(Boolean), env);
const usageError = (line: string, env: Record<string, string> = {}): string => {
  try {
    parse(line, env);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`"${line}" parsed without error`);
};

describe('ops command line', () => {
  it('reads parked list with its defaults', () => {
    expect(parse('parked list --queue basket-api')).toEqual({
      kind: 'parked-list',
      queue: 'basket-api',
      limit: DEFAULT_LIMIT,
      json: false,
      rabbitmqUrl: DEFAULT_RABBITMQ_URL,
    });
  });

  it('takes --name=value, --limit, --json and the broker URL from RABBITMQ_URL or --rabbitmq-url', () => {
    const env = { RABBITMQ_URL: 'amqp://u:p@broker:5672' };
    expect(parse('parked list --queue=ordering-api --limit 5 --json', env)).toMatchObject({
      queue: 'ordering-api',
      limit: 5,
      json: true,
      rabbitmqUrl: 'amqp://u:p@broker:5672',
    });
    expect(parse('parked list --queue q --rabbitmq-url amqps://other', env)).toMatchObject({ rabbitmqUrl: 'amqps://other' });
  });

  it('reads replay and purge selections', () => {
    expect(parse('parked replay --queue basket-api --id abc')).toMatchObject({ kind: 'parked-replay', selection: { id: 'abc' } });
    expect(parse('parked purge --all --queue basket-api')).toMatchObject({ kind: 'parked-purge', selection: { all: true } });
  });

  it('reads the outbox commands, the database URL from --database-url or DATABASE_URL', () => {
    expect(parse(`outbox failed --database-url ${DB} --limit 3`)).toEqual({ kind: 'outbox-failed', databaseUrl: DB, limit: 3, json: false });
    expect(parse(`outbox requeue --id ${EVENT_ID}`, { DATABASE_URL: DB })).toEqual({
      kind: 'outbox-requeue',
      databaseUrl: DB,
      selection: { id: EVENT_ID },
      json: false,
    });
    expect(parse('outbox requeue --all --json', { DATABASE_URL: DB })).toMatchObject({ selection: { all: true }, json: true });
  });

  it('answers --help, -h and help anywhere on the line', () => {
    for (const line of ['--help', '-h', 'help', 'parked replay --help', 'outbox --bogus --help']) {
      expect(parse(line)).toEqual({ kind: 'help' });
    }
  });

  it.each([
    ['', 'missing command (see --help)'],
    ['queues list', 'unknown command "queues" (see --help)'],
    ['parked', '"parked" needs a subcommand (see --help)'],
    ['parked peek --queue q', 'unknown command "parked peek" (see --help)'],
    ['parked list', '"parked list" needs --queue <service-queue>'],
    ['parked list --queue', 'option --queue needs a value'],
    ['parked list --queue --json', 'option --queue needs a value'],
    ['parked list --queue=', 'option --queue needs a value'],
    ['parked list --queue q --queue r', 'option --queue is given twice'],
    ['parked list --queue q extra', 'unexpected argument "extra" for "parked list"'],
    ['parked list --queue q --all', 'unknown option --all for "parked list"'],
    ['parked list --queue q --json=yes', 'option --json takes no value'],
    ['parked list --queue q --constructor x', 'unknown option --constructor for "parked list"'],
    ['parked list --queue basket-api.parking', '--queue takes the service queue ("basket-api"), not its parking queue'],
    ['parked list --queue q --limit 0', '--limit must be a whole number from 1 to 10000, got "0"'],
    ['parked list --queue q --limit 2.5', '--limit must be a whole number from 1 to 10000, got "2.5"'],
    ['parked list --queue q --limit 10001', '--limit must be a whole number from 1 to 10000, got "10001"'],
    ['parked list --queue q --rabbitmq-url http://x', 'the RabbitMQ URL must start with amqp:// or amqps://'],
    ['parked list --queue q --rabbitmq-url nonsense', 'the RabbitMQ URL is not a URL'],
    ['parked replay --queue q', '"parked replay" needs --id <messageId> or --all'],
    ['parked purge --queue q --id a --all', '"parked purge" takes --id or --all, not both'],
    ['outbox failed', '"outbox failed" needs --database-url <url> (or DATABASE_URL)'],
    ['outbox failed --database-url mysql://x/y', 'the database URL must start with postgres:// or postgresql://'],
    [`outbox requeue --database-url ${DB}`, '"outbox requeue" needs --id <eventId> or --all'],
    [`outbox requeue --database-url ${DB} --id 42`, '--id must be an event id (a UUID), got "42"'],
    [`outbox failed --database-url ${DB} --queue q`, 'unknown option --queue for "outbox failed"'],
  ])('refuses %p: %s', (line, message) => {
    expect(usageError(line)).toBe(message);
  });

  it('never echoes a URL back (it may carry a password)', () => {
    expect(usageError('parked list --queue q --rabbitmq-url http://user:secret@x')).not.toContain('secret');
  });
});

describe('parseOptions', () => {
  it('keeps values that look like options only through --name=value', () => {
    const options = parseOptions(['--id=--odd', '--all'], { id: 'value', all: 'flag' }, 'x');
    expect([...options]).toEqual([
      ['id', '--odd'],
      ['all', true],
    ]);
  });
});
