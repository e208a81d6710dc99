import { errors, type ClientLike, type Configuration, type TokenLike } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import type { ProviderKeys } from '../../application/load-keys.use-case';
import type { User } from '../../domain/user';
import type { IdentityApiConfig } from '../../identity-api.config';
import { PostgresOidcAdapter } from './postgres-oidc.adapter';

/** The audience of every access token (contract), and the resource indicator that names it. */
export const API_AUDIENCE = 'eshop-api';
export const API_RESOURCE = 'urn:eshop:api';
/** The scope access tokens for the API carry. */
export const API_SCOPE = 'api';

export interface OidcConfigurationDeps {
  readonly config: IdentityApiConfig;
  readonly keys: ProviderKeys;
  readonly dataSource: DataSource;
  readonly findUser: (id: string) => Promise<User | null>;
}

const DAY = 24 * 60 * 60;

/**
 * oidc-provider's configuration: clients, keys, the Postgres adapter, and the policy this
 * project chose (docs/adr/0010-identity-provider.md): code flow with PKCE (S256) for every
 * client, JWT access tokens for `eshop-api` carrying `name` and `roles`, rotating refresh
 * tokens, RP-initiated logout; no dev interactions, no dynamic registration.
 */
export function oidcConfiguration(deps: OidcConfigurationDeps): Configuration {
  const { config, keys } = deps;
  const signingAlg = keys.signing[0]!.alg;
  return {
    adapter: (model: string) => new PostgresOidcAdapter(model, deps.dataSource),
    clients: clients(config, signingAlg),
    clientDefaults: { id_token_signed_response_alg: signingAlg },
    jwks: { keys: keys.signing },
    cookies: {
      keys: [...keys.cookies],
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    findAccount: async (_ctx: unknown, id: string) => {
      const user = await deps.findUser(id);
      if (!user) return undefined;
      return { accountId: user.id, claims: async () => ({ sub: user.id, name: user.name, email: user.email, roles: [...user.roles] }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', API_SCOPE],
    extraTokenClaims: async (_ctx: unknown, token: TokenLike) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = await deps.findUser(token.accountId);
      return user ? { name: user.name, roles: [...user.roles] } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: API_AUDIENCE,
            accessTokenTTL: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: signingAlg } },
          };
        },
      },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Refresh tokens for every client allowed the grant, rotated on each use (a reused one
    // revokes the whole grant). Without offline_access they end with the sign-in session.
    issueRefreshToken: async (_ctx: unknown, client: ClientLike) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 15 * 60,
      RefreshToken: 14 * DAY,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
  };
}

function clients(config: IdentityApiConfig, alg: string): Configuration[] {
  const common = {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    id_token_signed_response_alg: alg,
    scope: `openid offline_access profile email ${API_SCOPE}`,
  };
  return [
    {
      ...common,
      client_id: config.IDENTITY_GATEWAY_CLIENT_ID,
      client_secret: config.IDENTITY_GATEWAY_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: config.IDENTITY_GATEWAY_REDIRECT_URIS,
      post_logout_redirect_uris: config.IDENTITY_GATEWAY_POST_LOGOUT_REDIRECT_URIS,
    },
    {
      ...common,
      client_id: config.IDENTITY_CLI_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: config.IDENTITY_CLI_REDIRECT_URIS,
    },
  ];
}
