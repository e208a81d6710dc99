import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError } from '../lib/auth.errors';
import type { Buyer } from '../lib/buyer';
import { bearerToken } from '../lib/bearer-token';
import { IS_PUBLIC, REQUIRED_ROLES, TOKEN_VERIFIER, type TokenVerifier } from './auth.tokens';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  buyer?: Buyer;
}

/**
 * Requires a valid bearer token on every route not marked `@Public()`, puts the buyer on the
 * request for `@CurrentBuyer()`, and enforces `@Roles(...)`. A bad token is 401 with the
 * reason; a missing role 403; keys that cannot be had (identity-api unreachable, nothing
 * cached) 503 through the error filter, since the token could not be judged at all.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    try {
      request.buyer = await this.verifier.verify(bearerToken(Array.isArray(header) ? header[0] : header));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
    const required = this.reflector.getAllAndOverride<readonly string[] | undefined>(REQUIRED_ROLES, targets) ?? [];
    const missing = required.filter((role) => !request.buyer?.roles.includes(role));
    if (missing.length > 0) throw new ForbiddenException(`requires role ${missing.join(', ')}`);
    return true;
  }
}
