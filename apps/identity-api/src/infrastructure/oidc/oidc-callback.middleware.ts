import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type Provider from 'oidc-provider';
import { OIDC_PROVIDER } from './oidc-provider.factory';

/** Paths Nest serves itself; everything else is the OpenID provider's (discovery, /auth, /token, /jwks…). */
const NEST_ROUTES = ['/interaction/', '/health/', '/dev/token'];

type ExpressRequest = IncomingMessage & { originalUrl?: string };

/**
 * Mounts oidc-provider (a Koa app) in front of Nest's router: its routes are served by the
 * certified library, not by our code. Nest may have stripped a mount path from `req.url`,
 * so the provider gets the original URL back.
 */
@Injectable()
export class OidcCallbackMiddleware implements NestMiddleware {
  private readonly callback: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(@Inject(OIDC_PROVIDER) provider: Provider) {
    this.callback = provider.callback();
  }

  use(req: ExpressRequest, res: ServerResponse, next: () => void): void {
    const url = req.originalUrl ?? req.url ?? '/';
    if (NEST_ROUTES.some((prefix) => url.startsWith(prefix))) return next();
    req.url = url;
    this.callback(req, res);
  }
}
