import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError } from '../lib/auth.errors';
import type { Buyer } from '../lib/buyer';
import { bearerToken, verifyToken } from '../lib/jwt';
import { AUTH_OPTIONS, IS_PUBLIC, type AuthOptions } from './auth.tokens';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  buyer?: Buyer;
}

/**
 * Requires a valid bearer token on every route not marked `@Public()`, and puts the buyer
 * on the request for `@CurrentBuyer()`. Refusals are 401 with the reason.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    try {
      const token = bearerToken(Array.isArray(header) ? header[0] : header);
      request.buyer = verifyToken(token, this.options.secret, this.options.scope);
      return true;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
