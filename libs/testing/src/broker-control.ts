import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Forcibly closes, from the broker's side, every connection whose `connection_name` starts
 * with `namePrefix` (as a broker restart or a network cut would). Only this run's
 * connections are touched, so parallel test runs are safe. Returns how many were closed.
 */
export async function closeBrokerConnections(namePrefix: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', [
    'list_connections',
    'pid',
    'client_properties',
    '--quiet',
    '--no-table-headers',
  ]);
  // Text rows: `<rabbit@host.N.N.N>\t[{"connection_name","<name>"},…]`. The JSON formatter
  // prints a pid that close_connection does not accept, hence the text form.
  const pids = stdout
    .split('\n')
    .filter((line) => {
      const name = /\{"connection_name","([^"]*)"\}/.exec(line)?.[1];
      return name?.startsWith(namePrefix) ?? false;
    })
    .map((line) => line.split('\t')[0] ?? '');
  for (const pid of pids) {
    await run('rabbitmqctl', ['close_connection', pid, 'test: forced close']);
  }
  return pids.length;
}

/** Queue name → type (`quorum`, `classic`) for every queue whose name starts with `namePrefix`. */
export async function queueTypes(namePrefix: string): Promise<Map<string, string>> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'type', '--quiet', '--no-table-headers']);
  const types = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [name, type] = line.trim().split('\t');
    if (name?.startsWith(namePrefix) && type) types.set(name, type);
  }
  return types;
}

/**
 * Deletes every queue whose name starts with `namePrefix`: queues other processes declared for
 * this run (e.g. a publisher pre-declaring its subscribers' queues) are cleaned up too.
 */
export async function deleteQueuesByPrefix(namePrefix: string): Promise<number> {
  const names = [...(await queueTypes(namePrefix)).keys()];
  for (const name of names) await run('rabbitmqctl', ['delete_queue', name]);
  return names.length;
}
