import { tokenVerification } from './token-verification';

describe('tokenVerification', () => {
  it('fetches the JWKS from the issuer when IDENTITY_URL is unset', () => {
    expect(tokenVerification({ IDENTITY_ISSUER: 'http://localhost:8085/', IDENTITY_URL: undefined })).toEqual({
      jwks: { jwksUrl: 'http://localhost:8085/jwks', issuer: 'http://localhost:8085', audience: 'eshop-api' },
    });
  });

  it('fetches it from IDENTITY_URL (inside the cluster) while the issuer stays the browser-facing URL', () => {
    expect(tokenVerification({ IDENTITY_ISSUER: 'https://id.shop.example', IDENTITY_URL: 'http://identity-api:8085' }).jwks).toEqual({
      jwksUrl: 'http://identity-api:8085/jwks',
      issuer: 'https://id.shop.example',
      audience: 'eshop-api',
    });
  });
});
