import { ConfigError, loadConfig } from '@eshop/config';
import { apiGatewayConfigSchema } from './api-gateway.config';

const secret = { JWT_SECRET: 'gateway-unit-secret-0123' };

describe('api-gateway config', () => {
  it('has the contract defaults: port 8080, static discovery on localhost, no dev tokens', () => {
    expect(loadConfig(apiGatewayConfigSchema, secret)).toMatchObject({
      PORT: 8080,
      DISCOVERY: 'static',
      CATALOG_URL: 'http://localhost:8081',
      BASKET_URL: 'http://localhost:8082',
      ORDERING_URL: 'http://localhost:8083',
      AUTH_DEV_TOKENS: false,
      UPSTREAM_TIMEOUT_MS: 2_000,
      RETRY_MAX_ATTEMPTS: 2,
    });
  });

  it('accepts what docker compose and the Kubernetes manifests set', () => {
    const compose = {
      ...secret,
      PORT: '8080',
      RABBITMQ_URL: 'amqp://eshop:eshop@rabbitmq:5672',
      LOG_LEVEL: 'info',
      DISCOVERY: 'consul',
      CONSUL_URL: 'http://consul:8500',
      AUTH_DEV_TOKENS: 'true',
    };
    expect(loadConfig(apiGatewayConfigSchema, compose)).toMatchObject({ DISCOVERY: 'consul', AUTH_DEV_TOKENS: true });
    const k8s = { ...secret, PORT: '8080', CATALOG_URL: 'http://catalog-api:8081', BASKET_URL: 'http://basket-api:8082', ORDERING_URL: 'http://ordering-api:8083' };
    expect(loadConfig(apiGatewayConfigSchema, k8s)).toMatchObject({ CATALOG_URL: 'http://catalog-api:8081' });
  });

  it('names a missing or malformed variable', () => {
    expect(() => loadConfig(apiGatewayConfigSchema, {})).toThrow(/^config error: JWT_SECRET: is required$/);
    expect(() => loadConfig(apiGatewayConfigSchema, { ...secret, AUTH_DEV_TOKENS: 'yes' })).toThrow(/AUTH_DEV_TOKENS:/);
    expect(() => loadConfig(apiGatewayConfigSchema, { ...secret, UPSTREAM_TIMEOUT_MS: '0' })).toThrow(/UPSTREAM_TIMEOUT_MS:/);
    expect(() => loadConfig(apiGatewayConfigSchema, { ...secret, BREAKER_FAILURE_RATIO: '1' })).toThrow(/BREAKER_FAILURE_RATIO:/);
    expect(() => loadConfig(apiGatewayConfigSchema, { ...secret, BODY_LIMIT_BYTES: '10' })).toThrow(ConfigError);
  });
});
