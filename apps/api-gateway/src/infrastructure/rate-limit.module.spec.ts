import { loadConfig } from '@eshop/config';
import { apiGatewayConfigSchema } from '../api-gateway.config';
import { rateLimitsFrom } from './rate-limit.module';

const config = (env: Record<string, string> = {}) => loadConfig(apiGatewayConfigSchema, env);

describe('rate limits from the config', () => {
  it('gives writes a tighter budget than reads, each with a burst of a tenth of its window by default', () => {
    expect(rateLimitsFrom(config())).toEqual({
      read: { max: 600, windowMs: 60_000, burst: 60 },
      write: { max: 120, windowMs: 60_000, burst: 12 },
    });
  });

  it('takes the bursts as set', () => {
    const limits = rateLimitsFrom(config({ RATE_LIMIT_MAX: '10', RATE_LIMIT_BURST: '10', RATE_LIMIT_WRITE_MAX: '3', RATE_LIMIT_WRITE_BURST: '1' }));
    expect(limits).toMatchObject({ read: { max: 10, burst: 10 }, write: { max: 3, burst: 1 } });
  });
});
