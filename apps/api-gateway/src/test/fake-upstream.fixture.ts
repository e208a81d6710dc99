import { bundleForTest, startChild, waitFor, type ChildApp } from '@eshop/testing';

export interface UpstreamCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
  readonly aborted: boolean;
}

/** Drives one fake-upstream.ts child process (bundled once per spec file). */
export class FakeUpstream {
  private constructor(
    private readonly script: string,
    readonly name: string,
    readonly port: number,
    private child: ChildApp,
  ) {}

  static async start(script: string, name: string, port = 0): Promise<FakeUpstream> {
    const { child, port: listening } = await spawn(script, name, port);
    return new FakeUpstream(script, name, listening, child);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How it answers from now on: after `delayMs`, with `status`. */
  async behave(behaviour: { delayMs?: number; status?: number }): Promise<void> {
    await this.control('PUT', '/__behaviour', behaviour);
  }

  async calls(): Promise<UpstreamCall[]> {
    return (await this.control('GET', '/__calls')) as UpstreamCall[];
  }

  async forgetCalls(): Promise<void> {
    await this.control('DELETE', '/__calls');
  }

  /** SIGKILL: connections are refused from now on. */
  async kill(): Promise<void> {
    await this.child.stop('SIGKILL');
  }

  /** A new process on the same port (fresh behaviour and call record). */
  async restart(): Promise<void> {
    this.child = (await spawn(this.script, this.name, this.port)).child;
  }

  async stop(): Promise<void> {
    await this.child.stop('SIGKILL');
  }

  private async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return response.json();
  }
}

async function spawn(script: string, name: string, port: number): Promise<{ child: ChildApp; port: number }> {
  const child = startChild(script, { FAKE_NAME: name, FAKE_PORT: String(port) });
  const match = await waitFor(() => /listening (\d+)/.exec(child.output()), `${name} to listen`, 10_000);
  return { child, port: Number(match[1]) };
}

/**
 * The fake upstreams of one spec file: bundles fake-upstream.ts once, starts the named
 * fakes, and stops them (and removes the bundle) in `stop()`.
 */
export class FakeUpstreams {
  private script?: ReturnType<typeof bundleForTest>;
  private readonly started: FakeUpstream[] = [];

  async start(...names: string[]): Promise<FakeUpstream[]> {
    this.script ??= bundleForTest('apps/api-gateway/src/test/fake-upstream.ts');
    const script = this.script.file;
    const fakes = await Promise.all(names.map((name) => FakeUpstream.start(script, name)));
    this.started.push(...fakes);
    return fakes;
  }

  async stop(): Promise<void> {
    await Promise.all(this.started.map((fake) => fake.stop()));
    this.script?.remove();
  }
}
