import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from '../lib/access-token-verifier';
import { JwtAuthGuard } from './auth.guard';
import { AUTH_OPTIONS, TOKEN_VERIFIER, type AuthOptions, type TokenVerifier } from './auth.tokens';

/** Installs `JwtAuthGuard` globally: every HTTP route needs a token unless `@Public()`; `@Roles()` adds a role check. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: TOKEN_VERIFIER, useValue: new AccessTokenVerifier(options.jwks) satisfies TokenVerifier },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [AUTH_OPTIONS, TOKEN_VERIFIER],
    };
  }
}
