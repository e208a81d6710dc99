import { Inject, Injectable } from '@nestjs/common';
import { parseSigningKeySet, signingKeysInUse, type PrivateSigningJwk } from '../domain/signing-keys';
import { KEY_SETTINGS, type KeySettings } from './key-settings';
import { KEY_STORE, type KeyStore } from './key-store.port';

/** The keys the running provider uses, resolved once at start (LoadKeysUseCase). */
export const PROVIDER_KEYS = Symbol('PROVIDER_KEYS');

export interface ProviderKeys {
  /** Newest first: the first signs, the others are published for tokens they signed. */
  readonly signing: readonly PrivateSigningJwk[];
  readonly cookies: readonly string[];
}

/**
 * The keys the provider starts with: from configuration when given (production, a
 * Secret), else from the database, generating the first ones (development).
 */
@Injectable()
export class LoadKeysUseCase {
  constructor(
    @Inject(KEY_STORE) private readonly store: KeyStore,
    @Inject(KEY_SETTINGS) private readonly settings: KeySettings,
  ) {}

  async execute(now = new Date()): Promise<ProviderKeys> {
    const signing = this.settings.signingKeysJson
      ? parseSigningKeySet(this.settings.signingKeysJson)
      : await this.storedSigningKeys(now);
    const cookies = this.settings.cookieKeys ?? (await this.store.cookieKeys());
    return { signing, cookies };
  }

  private async storedSigningKeys(now: Date): Promise<PrivateSigningJwk[]> {
    let stored = await this.store.signingKeys();
    if (stored.length === 0) stored = [await this.store.addSigningKey('ES256')];
    return signingKeysInUse(stored, now, this.settings.rotationOverlapSeconds).map(({ jwk }) => jwk);
  }
}
