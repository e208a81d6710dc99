import { Inject, Injectable } from '@nestjs/common';
import { KEY_SETTINGS, type KeySettings } from './key-settings';
import { KEY_STORE, type KeyStore } from './key-store.port';

/**
 * `node dist/apps/identity-api/main.js rotate-signing-key` (development keys in the
 * database): adds a new key that signs from the next start on; the previous one stays
 * published for the overlap. With IDENTITY_SIGNING_KEYS, rotate by editing the Secret
 * instead (docs/adr/0010-identity-provider.md).
 */
@Injectable()
export class RotateSigningKeyUseCase {
  constructor(
    @Inject(KEY_STORE) private readonly store: KeyStore,
    @Inject(KEY_SETTINGS) private readonly settings: KeySettings,
  ) {}

  async execute(): Promise<string> {
    if (this.settings.signingKeysJson) {
      throw new Error('IDENTITY_SIGNING_KEYS is set: rotate by putting a new key first in it');
    }
    const key = await this.store.addSigningKey('ES256');
    return key.jwk.kid;
  }
}
