import jwt from 'jsonwebtoken';
import { InvalidTokenError } from './auth.errors';
import { bearerToken, signToken, verifyToken } from './jwt';

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
    expect(verifyToken(token, secret)).toEqual({ id: 'alice', name: 'Alice A.' });
  });

  it('refuses expired, wrongly signed, unsigned and subject-less tokens', () => {
    const expired = jwt.sign({ sub: 'a', exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    const wrongKey = signToken({ id: 'a', name: 'a' }, 'another-secret-0123456789');
    const unsigned = jwt.sign({ sub: 'a' }, '', { algorithm: 'none' });
    const noSub = jwt.sign({ name: 'x' }, secret);
    expect(codeOf(() => verifyToken(expired, secret))).toBe('TOKEN_EXPIRED');
    expect(codeOf(() => verifyToken(wrongKey, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(unsigned, secret))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifyToken(noSub, secret))).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another algorithm (no algorithm confusion)', () => {
    const hs512 = jwt.sign({ sub: 'a' }, secret, { algorithm: 'HS512' });
    expect(codeOf(() => verifyToken(hs512, secret))).toBe('TOKEN_INVALID');
  });

  it('parses the Authorization header strictly', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(codeOf(() => bearerToken(undefined))).toBe('TOKEN_MISSING');
    expect(codeOf(() => bearerToken('Basic dXNlcjpwdw=='))).toBe('TOKEN_MALFORMED');
    expect(codeOf(() => bearerToken('Bearer not-a-jwt'))).toBe('TOKEN_MALFORMED');
  });
});
