import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@eshop/auth';
import { FinishSignInUseCase } from '../application/finish-sign-in.use-case';
import { GetSignedInUserUseCase } from '../application/get-signed-in-user.use-case';
import { SignOutUseCase } from '../application/sign-out.use-case';
import { PENDING_SIGN_IN_TTL_SECONDS, StartSignInUseCase } from '../application/start-sign-in.use-case';
import { headerValue, toHttpError } from './session-authentication.guard';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './session-cookies';

const CALLBACK_PATH = '/auth/callback';

/**
 * The browser's sign-in through the gateway (backend-for-frontend, docs/adr/0012): the
 * gateway runs the OpenID Connect code flow with identity-api as a confidential client and
 * gives the browser a session cookie, never a token. Public: these routes create sessions.
 */
@ApiExcludeController()
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(StartSignInUseCase) private readonly startSignIn: StartSignInUseCase,
    @Inject(FinishSignInUseCase) private readonly finishSignIn: FinishSignInUseCase,
    @Inject(SignOutUseCase) private readonly signOut: SignOutUseCase,
    @Inject(GetSignedInUserUseCase) private readonly signedInUser: GetSignedInUserUseCase,
  ) {}

  /** `?returnTo=/basket`: where to land afterwards (a path of this origin only). */
  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { pendingId, redirectUrl } = await this.startSignIn.execute(typeof returnTo === 'string' ? returnTo : undefined);
    setCookie(request, reply, SIGN_IN_COOKIE, pendingId, { path: CALLBACK_PATH, maxAge: PENDING_SIGN_IN_TTL_SECONDS });
    void reply.header('cache-control', 'no-store').redirect(redirectUrl, 303);
  }

  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const param = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    // Single use, whatever the outcome.
    clearCookie(request, reply, SIGN_IN_COOKIE, CALLBACK_PATH);
    const { sessionId, returnTo } = await this.finishSignIn.execute({
      pendingId: readCookie(request, SIGN_IN_COOKIE),
      previousSessionId: readCookie(request, SESSION_COOKIE),
      state: param('state'),
      code: param('code'),
      iss: param('iss'),
      error: param('error'),
    });
    setCookie(request, reply, SESSION_COOKIE, sessionId, { path: '/' });
    void reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  }

  /**
   * Needs the session's CSRF token in `x-csrf-token`. Answers 303 to identity-api's logout
   * page; a script (`Accept: application/json`) gets `{redirectTo}` instead and navigates
   * there itself, since fetch cannot follow a redirect to another origin for the page.
   */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let redirectUrl: string;
    try {
      ({ redirectUrl } = await this.signOut.execute(readCookie(request, SESSION_COOKIE), headerValue(request.headers['x-csrf-token'])));
    } catch (error) {
      throw toHttpError(error, request, reply);
    }
    clearCookie(request, reply, SESSION_COOKIE, '/');
    void reply.header('cache-control', 'no-store');
    if (request.headers.accept?.includes('application/json')) void reply.status(200).send({ redirectTo: redirectUrl });
    else void reply.redirect(redirectUrl, 303);
  }

  /** Who is signed in, and the CSRF token for state-changing calls; 401 when nobody is. */
  @Get('me')
  async me(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const signedIn = await this.signedInUser.execute(readCookie(request, SESSION_COOKIE));
      void reply.header('cache-control', 'no-store').send(signedIn);
    } catch (error) {
      throw toHttpError(error, request, reply);
    }
  }
}
