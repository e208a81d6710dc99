import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { connect, type ChannelModel } from 'amqplib';
import { testEnv, uniqueName } from './env';
import { PrivateBroker } from './private-broker';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** A second RabbitMQ node of the test's own, stopped and started while the shared one keeps serving. */
describe('PrivateBroker', () => {
  let broker: PrivateBroker | undefined;
  let shared: ChannelModel | undefined;
  afterAll(async () => {
    await broker?.destroy();
    await shared?.close().catch(() => undefined);
  }, 120_000);

  it('starts a node, stops and starts its app keeping durable messages, and removes everything', async () => {
    shared = await connect(testEnv.rabbitmqUrl);
    broker = await PrivateBroker.start();
    expect(broker.port).not.toBe(5672);
    const queue = uniqueName('private.q');
    const before = await connect(broker.url);
    const channel = await before.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from('kept'), { persistent: true });
    await channel.waitForConfirms();
    const closed = new Promise<void>((resolve) => before.once('close', () => resolve()));
    before.on('error', () => undefined);

    await broker.stopApp();
    await closed; // the broker closed its clients' connections
    await expect(connect(broker.url)).rejects.toThrow(/ECONNREFUSED/);
    // The shared broker is another node: its connection is untouched and still works.
    const sharedChannel = await shared.createChannel();
    await sharedChannel.close();

    await broker.startApp();
    const after = await connect(broker.url);
    const message = await (await after.createChannel()).get(queue, { noAck: true });
    expect(message && message.content.toString()).toBe('kept');
    await after.close();

    const { node, url } = broker;
    const dir = (await broker.ctl('eval', 'rabbit_mnesia:dir().')).trim().replace(/^"|"$/g, '');
    expect(dir).toContain('private-broker-');
    await broker.destroy();
    broker = undefined;
    await expect(connect(url)).rejects.toThrow(/ECONNREFUSED/);
    const shortName = node.split('@')[0] ?? node;
    await waitFor(async () => !(await run('epmd', ['-names'])).stdout.includes(`name ${shortName} `), `${node} gone from epmd`);
    expect(existsSync(dir)).toBe(false);
  }, 300_000);
});
