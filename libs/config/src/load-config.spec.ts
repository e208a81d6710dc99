import { z } from 'zod';
import { commonEnv, port } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({ PORT: port(8081), ...commonEnv });

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(schema, { JWT_SECRET: 'x'.repeat(16) });
    expect(config).toMatchObject({
      PORT: 8081,
      RABBITMQ_URL: 'amqp://guest:guest@localhost:5672',
      DISCOVERY: 'static',
      LOG_LEVEL: 'info',
    });
  });

  it('fails with one line naming the missing variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(ConfigError);
    expect(() => loadConfig(schema, {})).toThrow(/^config error: JWT_SECRET: is required$/);
  });

  it('names a malformed variable', () => {
    const env = { JWT_SECRET: 'x'.repeat(16) };
    expect(() => loadConfig(schema, { ...env, PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => loadConfig(schema, { ...env, RABBITMQ_URL: 'http://x' })).toThrow(
      /RABBITMQ_URL: must be a amqp\/amqps URL/,
    );
    expect(() => loadConfig(schema, { ...env, DISCOVERY: 'dns' })).toThrow(/DISCOVERY:/);
  });
});
