/** What configuration says about keys (identity-api.config.ts); undefined: use the key store. */
export interface KeySettings {
  readonly signingKeysJson: string | undefined;
  readonly cookieKeys: readonly string[] | undefined;
  /** How long a previous signing key stays published after a rotation: the token TTL plus skew. */
  readonly rotationOverlapSeconds: number;
}

export const KEY_SETTINGS = Symbol('KEY_SETTINGS');
