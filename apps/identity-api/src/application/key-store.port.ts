import type { SigningAlgorithm, StoredSigningKey } from '../domain/signing-keys';

/**
 * Where development keeps the keys it generated, so restarts keep sessions and tokens
 * valid. Production passes keys in configuration and never writes here.
 */
export interface KeyStore {
  /** Every stored signing key (any order). */
  signingKeys(): Promise<StoredSigningKey[]>;
  /** Generates a key pair and stores it; it becomes the newest key. */
  addSigningKey(algorithm: SigningAlgorithm): Promise<StoredSigningKey>;
  /** The cookie-signing secrets, newest first; one is generated on first use. */
  cookieKeys(): Promise<string[]>;
}

export const KEY_STORE = Symbol('KEY_STORE');
