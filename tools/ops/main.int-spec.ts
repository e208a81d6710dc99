import { spawnSync } from 'node:child_process';
import { RabbitMqTestAdmin, bundleForTest, testEnv, uniqueName } from '@eshop/testing';

/**
 * The entry point as `npm run ops` runs it: bundled the same way (tools/run-ts.mjs), in its
 * own process, so exit codes and the split between stdout and stderr are the real ones.
 */
describe('npm run ops (the bundled entry point)', () => {
  let bundle: ReturnType<typeof bundleForTest>;
  beforeAll(() => (bundle = bundleForTest('tools/ops/main.ts')), 60_000);
  afterAll(() => bundle.remove());

  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bundle.file, ...args], {
      encoding: 'utf8',
      env: { ...process.env, RABBITMQ_URL: testEnv.rabbitmqUrl },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('prints the usage on --help and exits 0', () => {
    const { code, stdout, stderr } = run('--help');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Usage: npm run ops -- <command> [options]');
    expect(stdout).toContain('parked replay  --queue <queue> (--id <messageId> | --all)');
  });

  it('exits 2 with one line naming the problem on bad arguments, printing nothing on stdout', () => {
    expect(run('parked', 'replay', '--queue', 'basket-api')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ops: "parked replay" needs --id <messageId> or --all\n',
    });
  });

  it('exits 1 when the broker has no such queue, and creates none', async () => {
    const queue = uniqueName('test.ops.missing');
    expect(run('parked', 'list', '--queue', queue, '--json')).toEqual({
      code: 1,
      stdout: '',
      stderr: `ops: no queue "${queue}.parking": is "${queue}" a service queue of the bus?\n`,
    });
    const admin = await RabbitMqTestAdmin.open();
    try {
      await expect(admin.messageCount(`${queue}.parking`)).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await admin.close();
    }
  });
});
