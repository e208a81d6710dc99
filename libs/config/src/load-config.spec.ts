import { z } from 'zod';
import { commonEnv, port } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({ PORT: port(8081), ...commonEnv });

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({
      PORT: 8081,
      RABBITMQ_URL: 'amqp://guest:guest@localhost:5672',
      DISCOVERY: 'static',
      LOG_LEVEL: 'info',
      IDENTITY_ISSUER: 'http://localhost:8085',
    });
    // Unset: the services reach identity-api at the issuer (libs/service-host tokenVerification).
    expect(config.IDENTITY_URL).toBeUndefined();
  });

  it('fails with one line naming the missing variable', () => {
    const required = z.object({ SECRET: z.string({ error: 'is required' }) });
    expect(() => loadConfig(required, {})).toThrow(ConfigError);
    expect(() => loadConfig(required, {})).toThrow(/^config error: SECRET: is required$/);
  });

  it('names a malformed variable', () => {
    const env = {};
    expect(() => loadConfig(schema, { ...env, PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => loadConfig(schema, { ...env, RABBITMQ_URL: 'http://x' })).toThrow(
      /RABBITMQ_URL: must be a amqp\/amqps URL/,
    );
    expect(() => loadConfig(schema, { ...env, DISCOVERY: 'dns' })).toThrow(/DISCOVERY:/);
    expect(() => loadConfig(schema, { ...env, IDENTITY_URL: 'identity-api:8085' })).toThrow(/^config error: IDENTITY_URL: must be a http\/https URL$/);
  });
});
