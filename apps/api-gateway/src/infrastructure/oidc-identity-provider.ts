import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { z } from 'zod';
import { RefreshRefusedError, type IdentityProvider, type IssuedTokens } from '../application/identity-provider.port';
import { IdentityProviderUnavailableError, SignInFailedError } from '../domain/browser-session.errors';

export interface OidcClientSettings {
  /** IDENTITY_ISSUER: in tokens, and where browsers reach identity-api. */
  readonly issuer: string;
  /** IDENTITY_URL: where the gateway reaches it (token, JWKS, revocation). */
  readonly internalUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** PUBLIC_URL/auth/callback, registered at identity-api. */
  readonly redirectUri: string;
  readonly timeoutMs: number;
}

/** What the browser session needs: an id token, the API audience, the user's name and roles. */
const SCOPE = 'openid profile email api';
/** The signing algorithms identity-api may use (docs/adr/0010-identity-provider.md); never `none` or HS*. */
const ALGORITHMS = ['ES256', 'RS256'];
const CLOCK_TOLERANCE_SECONDS = 30;

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  end_session_endpoint: z.string().url(),
  revocation_endpoint: z.string().url().optional(),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
});

/**
 * The gateway as an OpenID Connect client of identity-api, with `fetch` and `jose`: the
 * endpoints from discovery, the code exchange and refresh with the client secret (HTTP
 * Basic), id-token verification against the provider's JWKS. identity-api names its
 * endpoints after the URL it was asked on, so each is rebased: browser-facing ones onto the
 * issuer, back-channel ones onto IDENTITY_URL (in compose the two differ).
 */
export class OidcIdentityProvider implements IdentityProvider {
  private readonly logger = new Logger('OidcIdentityProvider');
  private discovery: Promise<Discovery> | undefined;
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly settings: OidcClientSettings) {}

  issuer(): string {
    return this.settings.issuer;
  }

  async authorizationUrl(request: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    const url = new URL(this.toBrowser((await this.endpoints()).authorization_endpoint));
    url.search = new URLSearchParams({
      client_id: this.settings.clientId,
      response_type: 'code',
      redirect_uri: this.settings.redirectUri,
      scope: SCOPE,
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async exchangeCode(code: string, codeVerifier: string): Promise<IssuedTokens> {
    const answer = await this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.settings.redirectUri, code_verifier: codeVerifier });
    // invalid_grant: the code expired or was used already (start again); anything else
    // (invalid_client: a wrong GATEWAY_CLIENT_SECRET) is the deployment's fault, not the user's.
    if ('error' in answer && answer.error === 'invalid_grant') throw new SignInFailedError('the authorization code was refused (invalid_grant)');
    if ('error' in answer) throw new IdentityProviderUnavailableError(`the code exchange was refused (${answer.error})`);
    return answer.tokens;
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const answer = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    if ('error' in answer && answer.error === 'invalid_grant') throw new RefreshRefusedError('identity-api refused the refresh token');
    if ('error' in answer) throw new IdentityProviderUnavailableError(`the refresh was refused (${answer.error})`);
    return answer.tokens;
  }

  async verifyIdToken(idToken: string, nonce: string): Promise<{ subject: string }> {
    const discovery = await this.endpoints();
    this.jwks ??= createRemoteJWKSet(new URL(this.toBackChannel(discovery.jwks_uri)), { timeoutDuration: this.settings.timeoutMs });
    let payload;
    try {
      ({ payload } = await jwtVerify(idToken, this.jwks, {
        issuer: this.settings.issuer,
        audience: this.settings.clientId,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw new SignInFailedError(`the id token did not verify (${error instanceof Error ? error.message : String(error)})`);
    }
    if (payload['nonce'] !== nonce) throw new SignInFailedError('the id token belongs to another sign-in (nonce)');
    return { subject: payload.sub! };
  }

  async revoke(refreshToken: string): Promise<void> {
    try {
      const endpoint = (await this.endpoints()).revocation_endpoint;
      if (!endpoint) return;
      const response = await this.post(this.toBackChannel(endpoint), { token: refreshToken, token_type_hint: 'refresh_token' });
      if (!response.ok) this.logger.warn(`revocation answered ${response.status}`);
    } catch (error) {
      this.logger.warn(`revocation failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async endSessionUrl(postLogoutRedirectUri: string): Promise<string> {
    const url = new URL(this.toBrowser((await this.endpoints()).end_session_endpoint));
    url.search = new URLSearchParams({ client_id: this.settings.clientId, post_logout_redirect_uri: postLogoutRedirectUri }).toString();
    return url.toString();
  }

  private async tokenRequest(form: Record<string, string>): Promise<{ tokens: IssuedTokens } | { error: string }> {
    const response = await this.post(this.toBackChannel((await this.endpoints()).token_endpoint), form);
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 400 || response.status === 401) return { error: typeof body['error'] === 'string' ? body['error'] : `status ${response.status}` };
    const parsed = tokenResponseSchema.safeParse(body);
    if (!response.ok || !parsed.success) throw new IdentityProviderUnavailableError(`the token endpoint answered ${response.status}`);
    const tokens = parsed.data;
    return {
      tokens: {
        accessToken: tokens.access_token,
        accessTokenExpiresAt: Date.now() + tokens.expires_in * 1_000,
        ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
        ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
        user: userOf(tokens.access_token),
      },
    };
  }

  private async post(url: string, form: Record<string, string>): Promise<Response> {
    const { clientId, clientSecret } = this.settings;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new IdentityProviderUnavailableError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Fetched once and kept; a failure is not kept, the next sign-in asks again. */
  private endpoints(): Promise<Discovery> {
    this.discovery ??= this.discover().catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  private async discover(): Promise<Discovery> {
    const url = `${this.settings.internalUrl}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.settings.timeoutMs) });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new IdentityProviderUnavailableError(error instanceof Error ? error.message : String(error));
    }
    const discovery = discoverySchema.safeParse(body);
    if (!discovery.success) throw new IdentityProviderUnavailableError(`${url} is not an OpenID Connect discovery document`);
    if (discovery.data.issuer !== this.settings.issuer) {
      throw new IdentityProviderUnavailableError(`its issuer is ${discovery.data.issuer}, IDENTITY_ISSUER says ${this.settings.issuer}`);
    }
    return discovery.data;
  }

  private toBrowser(url: string): string {
    return rebase(url, this.settings.internalUrl, this.settings.issuer);
  }

  private toBackChannel(url: string): string {
    return rebase(url, this.settings.issuer, this.settings.internalUrl);
  }
}

function rebase(url: string, from: string, to: string): string {
  return url.startsWith(`${from}/`) ? `${to}${url.slice(from.length)}` : url;
}

/**
 * The user the access token names. It came straight from identity-api's token endpoint, so
 * it is read, not verified here: the services verify it on every call.
 */
function userOf(accessToken: string): IssuedTokens['user'] {
  const claims = decodeJwt(accessToken);
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((role): role is string => typeof role === 'string') : [];
  if (!claims.sub) throw new IdentityProviderUnavailableError('the access token names no subject');
  return { id: claims.sub, name: typeof claims['name'] === 'string' ? claims['name'] : claims.sub, roles };
}
