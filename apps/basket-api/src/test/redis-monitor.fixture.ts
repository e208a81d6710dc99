import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\u0007', b: '\b' };

/**
 * Redis MONITOR on a plain socket: `onCommand` gets every command Redis runs, as
 * `[name, ...args]`. (ioredis' `monitor()` loses track when monitor lines arrive in the same
 * chunk as MONITOR's `+OK` — "Command queue state error" — which a shared, busy Redis makes
 * likely.) Only for tests that must prove which keys a step touched.
 */
export class RedisMonitor {
  private buffer = '';
  private acknowledged = 0;
  private started: () => void = () => undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly onCommand: (args: string[]) => void,
  ) {}

  static async start(redisUrl: string, onCommand: (args: string[]) => void): Promise<RedisMonitor> {
    const url = new URL(redisUrl);
    const socket = connect(Number(url.port || 6379), url.hostname);
    socket.setEncoding('utf8');
    await once(socket, 'connect');
    const monitor = new RedisMonitor(socket, onCommand);
    const auth = url.password ? [`AUTH ${decodeURIComponent(url.username || 'default')} ${decodeURIComponent(url.password)}`] : [];
    const started = new Promise<void>((resolve, reject) => {
      monitor.started = resolve;
      socket.once('error', reject);
    });
    socket.on('data', (chunk: string) => monitor.receive(chunk, auth.length + 1));
    socket.write([...auth, 'MONITOR', ''].join('\r\n'));
    await started;
    return monitor;
  }

  stop(): void {
    this.socket.destroy();
  }

  private receive(chunk: string, expectedAcks: number): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (this.acknowledged < expectedAcks) {
        if (line !== '+OK') throw new Error(`redis refused MONITOR: ${line}`);
        this.acknowledged += 1;
        if (this.acknowledged === expectedAcks) this.started();
      } else if (line.startsWith('+')) {
        this.onCommand(commandOf(line));
      }
    }
  }
}

/** `+1700000000.123 [0 127.0.0.1:5000] "set" "k" "v"` → `['set', 'k', 'v']` (Redis quotes every argument). */
function commandOf(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(([, quoted = '']) =>
    quoted.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, escape: string) =>
      escape.length === 3 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : (ESCAPES[escape] ?? escape),
    ),
  );
}
