import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth.guard';
import { AUTH_OPTIONS, type AuthOptions } from './auth.tokens';

/** Installs `JwtAuthGuard` globally: every HTTP route needs a token unless `@Public()`. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [AUTH_OPTIONS],
    };
  }
}
