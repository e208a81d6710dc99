import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './auth.errors';
import { DEFAULT_TOKEN_SCOPE, bearerToken, signToken, verifyToken } from './jwt';

const secret = 'unit-test-secret-0123456789';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidTokenError ? error.code : 'other';
  }
  return undefined;
}

describe('JWT validation', () => {
  it('returns the buyer of a valid HS256 token', () => {
    const token = signToken({ id: 'alice', name: 'Alice A.' }, secret);
    expect(verifyToken(token, secret)).toEqual({ id: 'alice', name: 'Alice A.', roles: [] });
  });

  it('refuses expired, wrongly signed, unsigned and subject-less tokens', () => {
    const expired = jwt.sign({ sub: 'a', iss: DEFAULT_TOKEN_SCOPE.issuer, aud: DEFAULT_TOKEN_SCOPE.audience, exp: Math.floor(Date.now() / 1000) - 120 }, secret);
    const wrongKey = signToken({ id: 'a', name: 'a' }, 'another-secret-0123456789');
    const unsigned = jwt.sign({ sub: 'a' }, '', { algorithm: 'none' });
    const noSub = jwt.sign({ name: 'x', iss: DEFAULT_TOKEN_SCOPE.issuer, aud: DEFAULT_TOKEN_SCOPE.audience }, secret, { expiresIn: 60 });
    expect(codeOf(() => verifyToken(expired, secret))).toBe('TOKEN_EXPIRED');
    expect(codeOf(() => verifyToken(wrongKey, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(unsigned, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(noSub, secret))).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another algorithm (no algorithm confusion)', () => {
    const hs512 = jwt.sign({ sub: 'a' }, secret, { algorithm: 'HS512' });
    expect(codeOf(() => verifyToken(hs512, secret))).toBe('TOKEN_INVALID');
  });

  it('requires exp, our issuer and audience, and an iat not in the future', () => {
    const now = Math.floor(Date.now() / 1000);
    const ours = { iss: DEFAULT_TOKEN_SCOPE.issuer, aud: DEFAULT_TOKEN_SCOPE.audience, sub: 'a' };
    const noExp = jwt.sign(ours, secret);
    const foreignIssuer = jwt.sign({ ...ours, iss: 'https://evil.example' }, secret, { expiresIn: 60 });
    const foreignAudience = jwt.sign({ ...ours, aud: 'another-api' }, secret, { expiresIn: 60 });
    const noAudience = jwt.sign({ iss: ours.iss, sub: 'a' }, secret, { expiresIn: 60 });
    const future = jwt.sign({ ...ours, iat: now + 3_600, exp: now + 7_200 }, secret);
    const slightlyAhead = jwt.sign({ ...ours, iat: now + 5, exp: now + 60 }, secret);
    expect(codeOf(() => verifyToken(noExp, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(foreignIssuer, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(foreignAudience, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(noAudience, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(future, secret))).toBe('TOKEN_INVALID');
    // Within the allowed clock skew a token issued "a little ahead" is fine.
    expect(verifyToken(slightlyAhead, secret).id).toBe('a');
  });

  it('parses the Authorization header strictly', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(codeOf(() => bearerToken(undefined))).toBe('TOKEN_MISSING');
    expect(codeOf(() => bearerToken('Basic dXNlcjpwdw=='))).toBe('TOKEN_MALFORMED');
    expect(codeOf(() => bearerToken('Bearer not-a-jwt'))).toBe('TOKEN_MALFORMED');
  });
});
