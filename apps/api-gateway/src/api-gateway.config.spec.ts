import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '@eshop/config';
import { apiGatewayConfigSchema } from './api-gateway.config';

describe('api-gateway config', () => {
  it('has the contract defaults: port 8080, static discovery on localhost, identity-api on 8085', () => {
    const config = loadConfig(apiGatewayConfigSchema, {});
    expect(config).toMatchObject({
      PORT: 8080,
      DISCOVERY: 'static',
      CATALOG_URL: 'http://localhost:8081',
      BASKET_URL: 'http://localhost:8082',
      ORDERING_URL: 'http://localhost:8083',
      IDENTITY_ISSUER: 'http://localhost:8085',
      UPSTREAM_TIMEOUT_MS: 2_000,
      RETRY_MAX_ATTEMPTS: 2,
    });
    // Dev tokens are identity-api's (tests only): the gateway has no such switch any more.
    expect(config).not.toHaveProperty('AUTH_DEV_TOKENS');
  });

  it('accepts what docker compose and the Kubernetes manifests set', () => {
    const compose = {
      PORT: '8080',
      RABBITMQ_URL: 'amqp://eshop:eshop@rabbitmq:5672',
      LOG_LEVEL: 'info',
      DISCOVERY: 'consul',
      CONSUL_URL: 'http://consul:8500',
      IDENTITY_URL: 'http://identity-api:8085',
      IDENTITY_ISSUER: 'http://localhost:8085',
    };
    expect(loadConfig(apiGatewayConfigSchema, compose)).toMatchObject({ DISCOVERY: 'consul', IDENTITY_URL: 'http://identity-api:8085' });
    const k8s = { PORT: '8080', CATALOG_URL: 'http://catalog-api:8081', BASKET_URL: 'http://basket-api:8082', ORDERING_URL: 'http://ordering-api:8083' };
    expect(loadConfig(apiGatewayConfigSchema, k8s)).toMatchObject({ CATALOG_URL: 'http://catalog-api:8081' });
  });

  it('finds the storefront build beside its own bundle folder unless WEBAPP_DIR says where (made absolute)', () => {
    // From source (tests) the bundle folder is src/; built, dist/apps/api-gateway -> dist/apps/webapp.
    expect(loadConfig(apiGatewayConfigSchema, {}).WEBAPP_DIR).toBe(join(__dirname, '..', 'webapp'));
    expect(loadConfig(apiGatewayConfigSchema, { WEBAPP_DIR: '/srv/webapp/' }).WEBAPP_DIR).toBe('/srv/webapp');
    expect(loadConfig(apiGatewayConfigSchema, { WEBAPP_DIR: 'dist/apps/webapp' }).WEBAPP_DIR).toBe(resolve('dist/apps/webapp'));
    expect(() => loadConfig(apiGatewayConfigSchema, { WEBAPP_DIR: ' ' })).toThrow(/WEBAPP_DIR:/);
  });

  it('reads the event bus like every app (the run-specific exchange of tests) and bounds the live order status streams', () => {
    expect(loadConfig(apiGatewayConfigSchema, {})).toMatchObject({
      EVENT_BUS_EXCHANGE: 'eshop.events',
      EVENT_BUS_QUEUE: 'api-gateway',
      SSE_HEARTBEAT_MS: 15_000,
      SSE_MAX_STREAMS_PER_BUYER: 5,
    });
    expect(loadConfig(apiGatewayConfigSchema, { EVENT_BUS_EXCHANGE: 'run_1.events' }).EVENT_BUS_EXCHANGE).toBe('run_1.events');
    expect(() => loadConfig(apiGatewayConfigSchema, { SSE_HEARTBEAT_MS: '0' })).toThrow(/SSE_HEARTBEAT_MS:/);
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig(apiGatewayConfigSchema, { IDENTITY_URL: 'identity-api' })).toThrow(/^config error: IDENTITY_URL: must be a http\/https URL$/);
    expect(() => loadConfig(apiGatewayConfigSchema, { UPSTREAM_TIMEOUT_MS: '0' })).toThrow(/UPSTREAM_TIMEOUT_MS:/);
    expect(() => loadConfig(apiGatewayConfigSchema, { BREAKER_FAILURE_RATIO: '1' })).toThrow(/BREAKER_FAILURE_RATIO:/);
    expect(() => loadConfig(apiGatewayConfigSchema, { BODY_LIMIT_BYTES: '10' })).toThrow(ConfigError);
  });
});
