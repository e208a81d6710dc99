import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '@eshop/auth';
import { AuthorizeSessionRequestUseCase } from '../application/authorize-session-request.use-case';
import { CsrfTokenMismatchError, SessionExpiredError } from '../domain/browser-session.errors';
import { bindSession } from './request-session';
import { clearCookie, isStateChanging, readCookie, SESSION_COOKIE } from './session-cookies';

/**
 * The backend-for-frontend half of authentication (docs/adr/0012): a browser call that
 * carries the session cookie and no Authorization header gets the session's access token
 * put into `Authorization: Bearer`, so the JWT guard that runs next, the forwarding and
 * every service see exactly what an API client sends. State-changing calls must present the
 * session's CSRF token. A call with a Bearer header is left alone (API clients: no CSRF, a
 * cookie they happen to send is ignored). Public routes need neither.
 */
@Injectable()
export class SessionAuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AuthorizeSessionRequestUseCase) private readonly authorize: AuthorizeSessionRequestUseCase,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.headers.authorization !== undefined) return true;
    const sessionId = readCookie(request, SESSION_COOKIE);
    if (sessionId === undefined) return true; // the JWT guard answers 401
    try {
      const accessToken = await this.authorize.execute({
        sessionId,
        stateChanging: isStateChanging(request.method),
        csrfToken: headerValue(request.headers['x-csrf-token']),
      });
      request.raw.headers.authorization = `Bearer ${accessToken}`;
      bindSession(request.raw, { id: sessionId, stillSignedIn: () => this.authorize.isSignedIn(sessionId) });
      return true;
    } catch (error) {
      throw toHttpError(error, request, context.switchToHttp().getResponse<FastifyReply>());
    }
  }
}

/** Session errors become 401 (and the dead cookie is cleared) or 403; others go to the error filter as they are. */
export function toHttpError(error: unknown, request: FastifyRequest, reply: FastifyReply): unknown {
  if (error instanceof SessionExpiredError) {
    if (readCookie(request, SESSION_COOKIE) !== undefined) clearCookie(request, reply, SESSION_COOKIE, '/');
    return new UnauthorizedException(error.message);
  }
  if (error instanceof CsrfTokenMismatchError) return new ForbiddenException(error.message);
  return error;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
