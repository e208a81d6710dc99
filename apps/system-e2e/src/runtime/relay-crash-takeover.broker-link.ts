import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay between one app and RabbitMQ that can stall: after `stall()` nothing the app
 * sends reaches the broker any more (its sockets stop being read), while the connections
 * stay open, as on a network path that silently stops forwarding. An outbox relay behind it
 * keeps its claimed rows in_progress, waiting for confirms that never come. What the app
 * sent after the stall is dropped when the app goes away; nothing is delivered late.
 */
export class BrokerLink {
  private stalled = false;
  private readonly clients = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly broker: URL,
  ) {}

  static async open(brokerUrl: string): Promise<BrokerLink> {
    const server = createServer();
    const link = new BrokerLink(server, new URL(brokerUrl));
    server.on('connection', (client) => link.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  /** The broker's URL (same credentials and vhost) through this link. */
  get url(): string {
    const url = new URL(this.broker.href);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.href;
  }

  /** From now on nothing reaches the broker, on open connections and new ones alike. */
  stall(): void {
    this.stalled = true;
    for (const client of this.clients) client.pause();
  }

  async close(): Promise<void> {
    for (const socket of [...this.clients, ...this.upstreams]) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(Number(this.broker.port || 5672), this.broker.hostname);
    this.clients.add(client);
    this.upstreams.add(upstream);
    if (this.stalled) client.pause();
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    // Either side gone: the other goes at once, without flushing what the stall held back.
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.clients.delete(client);
      this.upstreams.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }
}
