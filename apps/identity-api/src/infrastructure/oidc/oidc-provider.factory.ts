import { Logger, type FactoryProvider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import Provider from 'oidc-provider';
import type { DataSource } from 'typeorm';
import { GetAccountUseCase } from '../../application/get-account.use-case';
import { PROVIDER_KEYS, type ProviderKeys } from '../../application/load-keys.use-case';
import type { IdentityApiConfig } from '../../identity-api.config';
import { oidcConfiguration } from './oidc-configuration';

/** The one oidc-provider instance of this process. */
export const OIDC_PROVIDER = Symbol('OIDC_PROVIDER');

const logger = new Logger('OidcProvider');

export function oidcProviderFactory(config: IdentityApiConfig): FactoryProvider<Provider> {
  return {
    provide: OIDC_PROVIDER,
    inject: [PROVIDER_KEYS, getDataSourceToken(), GetAccountUseCase],
    useFactory: (keys: ProviderKeys, dataSource: DataSource, accounts: GetAccountUseCase) => {
      const provider = new Provider(
        config.IDENTITY_ISSUER,
        oidcConfiguration({ config, keys, dataSource, findUser: (id) => accounts.execute(id) }),
      );
      // Behind a TLS-terminating proxy the provider must believe X-Forwarded-Proto/Host.
      provider.proxy = config.IDENTITY_TRUST_PROXY;
      provider.on('server_error', (_ctx, error) => logger.error(error instanceof Error ? error.stack : String(error)));
      logger.log(`issuer ${config.IDENTITY_ISSUER}, signing key ${keys.signing[0]!.kid} (${keys.signing.length} published)`);
      return provider;
    },
  };
}
