import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Redis } from 'ioredis';
import type { ApiGatewayConfig } from './api-gateway.config';
import { AuthController } from './api/auth.controller';
import { SessionAuthenticationGuard } from './api/session-authentication.guard';
import { AuthorizeSessionRequestUseCase } from './application/authorize-session-request.use-case';
import { BROWSER_SESSION_STORE, type BrowserSessionStore } from './application/browser-session.port';
import { FinishSignInUseCase } from './application/finish-sign-in.use-case';
import { GetSignedInUserUseCase } from './application/get-signed-in-user.use-case';
import { IDENTITY_PROVIDER, type IdentityProvider } from './application/identity-provider.port';
import { SignOutUseCase } from './application/sign-out.use-case';
import { StartSignInUseCase } from './application/start-sign-in.use-case';
import { OidcIdentityProvider } from './infrastructure/oidc-identity-provider';
import { RedisBrowserSessionStore } from './infrastructure/redis-browser-session.store';

const SESSION_REDIS = Symbol('SESSION_REDIS');
/** Per call to identity-api (discovery, token, JWKS, revocation). */
const IDENTITY_TIMEOUT_MS = 5_000;
/** A request whose expired token another instance is refreshing waits this long at most. */
const WAIT_FOR_OTHER_REFRESH_MS = 10_000;

class SessionRedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SESSION_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'wait') return this.redis.disconnect(); // never used
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Connects on first use: a gateway that serves API clients only never opens it. */
function sessionRedis(url: string): Redis {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2_000, connectionName: 'api-gateway-sessions' });
  // One warning per distinct failure, not one per reconnect attempt.
  const logger = new Logger('SessionRedis');
  let reported: string | undefined;
  redis.on('error', (error: Error) => {
    if (error.message !== reported) logger.warn(`session store: ${(reported = error.message)}`);
  });
  redis.on('ready', () => (reported = undefined));
  return redis;
}

/**
 * The gateway as backend-for-frontend (docs/adr/0012-gateway-as-backend-for-frontend.md):
 * /auth/login, /auth/callback, /auth/logout, /auth/me, and the guard that turns a session
 * cookie into the session's bearer token for /api calls. Import it after the rate limit and
 * before AuthModule: global guards run in module order, and the JWT guard must see the token.
 */
@Module({})
export class BffModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    const session = { ttlSeconds: config.SESSION_TTL_SECONDS, refreshMarginMs: config.SESSION_REFRESH_MARGIN_SECONDS * 1_000 };
    const storeAndProvider = [BROWSER_SESSION_STORE, IDENTITY_PROVIDER];
    return {
      module: BffModule,
      controllers: [AuthController],
      providers: [
        { provide: SESSION_REDIS, useFactory: () => sessionRedis(config.REDIS_URL) },
        SessionRedisLifecycle,
        { provide: BROWSER_SESSION_STORE, inject: [SESSION_REDIS], useFactory: (redis: Redis) => new RedisBrowserSessionStore(redis) },
        {
          provide: IDENTITY_PROVIDER,
          useFactory: () =>
            new OidcIdentityProvider({
              issuer: config.IDENTITY_ISSUER.replace(/\/+$/, ''),
              internalUrl: (config.IDENTITY_URL ?? config.IDENTITY_ISSUER).replace(/\/+$/, ''),
              clientId: config.GATEWAY_CLIENT_ID,
              clientSecret: config.GATEWAY_CLIENT_SECRET,
              redirectUri: `${config.PUBLIC_URL}/auth/callback`,
              timeoutMs: IDENTITY_TIMEOUT_MS,
            }),
        },
        {
          provide: StartSignInUseCase,
          inject: storeAndProvider,
          useFactory: (store: BrowserSessionStore, provider: IdentityProvider) => new StartSignInUseCase(store, provider),
        },
        {
          provide: FinishSignInUseCase,
          inject: storeAndProvider,
          useFactory: (store: BrowserSessionStore, provider: IdentityProvider) => new FinishSignInUseCase(store, provider, session.ttlSeconds),
        },
        {
          provide: SignOutUseCase,
          inject: storeAndProvider,
          useFactory: (store: BrowserSessionStore, provider: IdentityProvider) => new SignOutUseCase(store, provider, `${config.PUBLIC_URL}/`),
        },
        {
          provide: AuthorizeSessionRequestUseCase,
          inject: storeAndProvider,
          useFactory: (store: BrowserSessionStore, provider: IdentityProvider) =>
            new AuthorizeSessionRequestUseCase(store, provider, {
              refreshMarginMs: session.refreshMarginMs,
              waitForOtherRefreshMs: WAIT_FOR_OTHER_REFRESH_MS,
            }),
        },
        { provide: GetSignedInUserUseCase, inject: [BROWSER_SESSION_STORE], useFactory: (store: BrowserSessionStore) => new GetSignedInUserUseCase(store) },
        { provide: APP_GUARD, useClass: SessionAuthenticationGuard },
      ],
    };
  }
}
