import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CreateAccountUseCase } from '../application/create-account.use-case';
import {
  InteractionNotFoundError,
  OIDC_INTERACTIONS,
  type InteractionDetails,
  type OidcInteractions,
} from '../application/oidc-interactions.port';
import { SignInUseCase } from '../application/sign-in.use-case';
import { EmailAlreadyRegisteredError, InvalidAccountDetailsError } from '../domain/identity.errors';
import { INTERACTION_SETTINGS, clientAddress, type InteractionSettings } from './client-address';
import { createAccountPage } from './create-account.page';
import { CSRF_SECRET, csrfTokenFor, isValidCsrfToken } from './csrf-token';
import { readForm } from './form-body';
import { html, sendPage } from './html';
import { SIGN_IN_FAILED, SIGN_IN_LOCKED, signInPage } from './sign-in.page';

/**
 * The provider's interaction routes: where `/auth` sends a browser that must sign in
 * (`login`) or approve a client (`consent`, granted at once: every client is ours).
 * Every POST checks the interaction's CSRF token before anything else.
 */
@Controller('interaction')
export class InteractionController {
  constructor(
    @Inject(OIDC_INTERACTIONS) private readonly interactions: OidcInteractions,
    private readonly signIn: SignInUseCase,
    private readonly createAccount: CreateAccountUseCase,
    @Inject(CSRF_SECRET) private readonly csrfSecret: string,
    @Inject(INTERACTION_SETTINGS) private readonly settings: InteractionSettings,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const details = await this.current(uid, req, res);
    if (!details) return;
    if (details.prompt === 'consent') return this.interactions.grantConsent(req, res);
    const model = { uid: details.uid, csrfToken: this.csrf(details), email: details.loginHint ?? '' };
    sendPage(res, 200, 'Sign in', signInPage(model));
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const details = await this.checked(uid, form, req, res);
    if (!details) return;
    const email = form['email'] ?? '';
    const address = clientAddress(req, this.settings.trustProxy);
    const result = await this.signIn.execute({ email, password: form['password'] ?? '', clientAddress: address });
    if (result.outcome === 'signed-in') return this.interactions.finishLogin(req, res, result.user.id);
    const locked = result.outcome === 'locked';
    if (locked) res.setHeader('Retry-After', String(result.retryAfterSeconds));
    const model = { uid: details.uid, csrfToken: this.csrf(details), email, error: locked ? SIGN_IN_LOCKED : SIGN_IN_FAILED };
    sendPage(res, locked ? 429 : 401, 'Sign in', signInPage(model));
  }

  @Get(':uid/register')
  async showRegister(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const details = await this.current(uid, req, res);
    if (!details) return;
    sendPage(res, 200, 'Create account', createAccountPage({ uid: details.uid, csrfToken: this.csrf(details), name: '', email: '' }));
  }

  @Post(':uid/register')
  async register(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const details = await this.checked(uid, form, req, res);
    if (!details) return;
    const entered = { name: form['name'] ?? '', email: form['email'] ?? '' };
    try {
      const user = await this.createAccount.execute({ ...entered, password: form['password'] ?? '' });
      return await this.interactions.finishLogin(req, res, user.id);
    } catch (error) {
      if (!(error instanceof InvalidAccountDetailsError || error instanceof EmailAlreadyRegisteredError)) throw error;
      const status = error instanceof EmailAlreadyRegisteredError ? 409 : 400;
      const model = { uid: details.uid, csrfToken: this.csrf(details), ...entered, error: error.message };
      sendPage(res, status, 'Create account', createAccountPage(model));
    }
  }

  @Post(':uid/abort')
  async abort(@Param('uid') uid: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (await this.checked(uid, form, req, res)) await this.interactions.abort(req, res);
  }

  /** The browser's interaction (from its cookie), which must be the one in the path. */
  private async current(uid: string, req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails | undefined> {
    try {
      const details = await this.interactions.details(req, res);
      if (details.uid === uid) return details;
    } catch (error) {
      if (!(error instanceof InteractionNotFoundError)) throw error;
    }
    sendPage(res, 400, 'Sign-in expired', html`<h1>Sign-in expired</h1><p>${new InteractionNotFoundError().message}</p>`);
    return undefined;
  }

  /** `current`, plus the CSRF check every form submission must pass. */
  private async checked(
    uid: string,
    form: Record<string, string>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<InteractionDetails | undefined> {
    const details = await this.current(uid, req, res);
    if (!details) return undefined;
    if (isValidCsrfToken(this.csrfSecret, details.uid, form['csrf'])) return details;
    sendPage(res, 403, 'Request refused', html`<h1>Request refused</h1><p>This form has expired. Go back, reload the page and try again.</p>`);
    return undefined;
  }

  private csrf(details: InteractionDetails): string {
    return csrfTokenFor(this.csrfSecret, details.uid);
  }
}
