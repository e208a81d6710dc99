/** Who an access token is for: its `sub`, `name` and `roles` claims. */
export interface TokenSubject {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
}

/** Signs an access token in the provider's format (issuer, audience, key, lifetime). */
export interface AccessTokenSigner {
  sign(subject: TokenSubject): Promise<string>;
}

export const ACCESS_TOKEN_SIGNER = Symbol('ACCESS_TOKEN_SIGNER');
