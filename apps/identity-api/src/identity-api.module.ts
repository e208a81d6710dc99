import { Logger, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HealthModule, LoggingModule, MetricsModule } from '@eshop/observability';
import { discoveryModule } from '@eshop/service-host';
import { INTERACTION_SETTINGS } from './api/client-address';
import { CSRF_SECRET } from './api/csrf-token';
import { DevTokenController } from './api/dev-token.controller';
import { InteractionController } from './api/interaction.controller';
import { ACCESS_TOKEN_SIGNER } from './application/access-token-signer.port';
import { CreateAccountUseCase } from './application/create-account.use-case';
import { GetAccountUseCase } from './application/get-account.use-case';
import { IssueDevTokenUseCase } from './application/issue-dev-token.use-case';
import { KEY_SETTINGS } from './application/key-settings';
import { KEY_STORE } from './application/key-store.port';
import { LoadKeysUseCase, PROVIDER_KEYS, type ProviderKeys } from './application/load-keys.use-case';
import { OIDC_INTERACTIONS } from './application/oidc-interactions.port';
import { PASSWORD_HASHER } from './application/password-hasher.port';
import { RotateSigningKeyUseCase } from './application/rotate-signing-key.use-case';
import { SeedDemoUsersUseCase } from './application/seed-demo-users.use-case';
import { SIGN_IN_ATTEMPTS } from './application/sign-in-attempts.port';
import { SIGN_IN_POLICY, type SignInPolicy } from './application/sign-in-policy';
import { SignInUseCase } from './application/sign-in.use-case';
import { USER_REPOSITORY } from './application/user-repository.port';
import { IDENTITY_API_CONFIG, type IdentityApiConfig } from './identity-api.config';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher';
import { identityDataSourceOptions, identityEntities, openIdentityDatabase } from './infrastructure/identity-database';
import { JwtAccessTokenSigner } from './infrastructure/jwt-access-token.signer';
import { PostgresKeyStore } from './infrastructure/key-store.repository';
import { OidcCallbackMiddleware } from './infrastructure/oidc/oidc-callback.middleware';
import { OidcProviderInteractions } from './infrastructure/oidc/oidc-interactions';
import { OidcPayloadPurgeWorker } from './infrastructure/oidc/oidc-payload-purge.worker';
import { oidcProviderFactory } from './infrastructure/oidc/oidc-provider.factory';
import { PostgresSignInAttempts } from './infrastructure/sign-in-attempts.repository';
import { TypeOrmUserRepository } from './infrastructure/user.repository';

/** Resolved before the app serves: the demo users exist when IDENTITY_DEMO_USERS=true. */
const DEMO_USERS_SEEDED = Symbol('DEMO_USERS_SEEDED');

/**
 * identity-api: the OpenID Connect provider (oidc-provider, mounted in front of Nest's
 * router), its sign-in pages, users and keys in Postgres. No event bus: identity publishes
 * and consumes nothing (docs/adr/0010-identity-provider.md).
 */
@Module({})
export class IdentityApiModule implements NestModule {
  static register(config: IdentityApiConfig): DynamicModule {
    return {
      module: IdentityApiModule,
      imports: [
        LoggingModule.forRoot({ service: 'identity-api', level: config.LOG_LEVEL }),
        MetricsModule.forRoot({ service: 'identity-api', port: config.METRICS_PORT ?? config.PORT + 1_000, host: config.HOST }),
        ...database(config),
        discoveryModule('identity-api', config),
        HealthModule.forRoot({
          inject: [TypeOrmHealthIndicator],
          readiness: (db: TypeOrmHealthIndicator) => [() => db.pingCheck('postgres')],
        }),
      ],
      controllers: [InteractionController, ...(config.AUTH_DEV_TOKENS ? [DevTokenController] : [])],
      providers: [
        ...adapters(config),
        // The provider: keys first (configuration or database), then oidc-provider itself.
        { provide: PROVIDER_KEYS, inject: [LoadKeysUseCase], useFactory: (load: LoadKeysUseCase) => load.execute() },
        { provide: CSRF_SECRET, inject: [PROVIDER_KEYS], useFactory: (keys: ProviderKeys) => keys.cookies[0] },
        oidcProviderFactory(config),
        { provide: OIDC_INTERACTIONS, useClass: OidcProviderInteractions },
        { provide: ACCESS_TOKEN_SIGNER, useClass: JwtAccessTokenSigner },
        OidcPayloadPurgeWorker,
        // Use cases.
        LoadKeysUseCase,
        GetAccountUseCase,
        SignInUseCase,
        CreateAccountUseCase,
        SeedDemoUsersUseCase,
        IssueDevTokenUseCase,
        {
          provide: DEMO_USERS_SEEDED,
          inject: [SeedDemoUsersUseCase],
          useFactory: (seed: SeedDemoUsersUseCase) => (config.IDENTITY_DEMO_USERS ? seedDemoUsers(seed) : 0),
        },
      ],
    };
  }

  /**
   * `node dist/apps/identity-api/main.js rotate-signing-key`: adds a generated signing key
   * (development keys in the database); running instances use it from their next start.
   */
  static registerKeyRotation(config: IdentityApiConfig): DynamicModule {
    return {
      module: IdentityApiModule,
      imports: [LoggingModule.forRoot({ service: 'identity-api', level: config.LOG_LEVEL }), ...database(config)],
      providers: [...adapters(config), RotateSigningKeyUseCase],
    };
  }

  /** Everything that is not a Nest route goes to the provider (discovery, /auth, /token, /jwks…). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OidcCallbackMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

function database(config: IdentityApiConfig) {
  return [
    TypeOrmModule.forRootAsync({
      useFactory: () => identityDataSourceOptions(config.DATABASE_URL),
      dataSourceFactory: (options) => openIdentityDatabase(options ?? identityDataSourceOptions(config.DATABASE_URL)),
    }),
    TypeOrmModule.forFeature(identityEntities),
  ];
}

/** Ports → adapters, and the values from configuration the use cases and pages get. */
function adapters(config: IdentityApiConfig) {
  return [
    { provide: IDENTITY_API_CONFIG, useValue: config },
    { provide: USER_REPOSITORY, useClass: TypeOrmUserRepository },
    { provide: PASSWORD_HASHER, useClass: Argon2PasswordHasher },
    { provide: SIGN_IN_ATTEMPTS, useClass: PostgresSignInAttempts },
    { provide: KEY_STORE, useClass: PostgresKeyStore },
    { provide: SIGN_IN_POLICY, useValue: signInPolicy(config) },
    { provide: INTERACTION_SETTINGS, useValue: { trustProxy: config.IDENTITY_TRUST_PROXY } },
    {
      provide: KEY_SETTINGS,
      useValue: {
        signingKeysJson: config.IDENTITY_SIGNING_KEYS,
        cookieKeys: config.IDENTITY_COOKIE_KEYS,
        // A token signed just before a rotation lives one TTL; verifiers allow some skew.
        rotationOverlapSeconds: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS + 120,
      },
    },
  ];
}

function signInPolicy(config: IdentityApiConfig): SignInPolicy {
  const common = { lockoutSeconds: config.IDENTITY_SIGNIN_LOCKOUT_SECONDS, maxLockoutSeconds: 15 * 60, windowSeconds: 15 * 60 };
  return {
    perAccount: { ...common, maxFailures: config.IDENTITY_SIGNIN_MAX_FAILURES_PER_ACCOUNT },
    perAddress: { ...common, maxFailures: config.IDENTITY_SIGNIN_MAX_FAILURES_PER_ADDRESS },
  };
}

async function seedDemoUsers(seed: SeedDemoUsersUseCase): Promise<number> {
  const created = await seed.execute();
  new Logger('IdentityApi').log(`demo users ready (${created} created): alice@example.com, bob@example.com, admin@example.com`);
  return created;
}
