import { InvalidTokenError } from './auth.errors';
import { bearerToken } from './bearer-token';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidTokenError ? error.code : 'other';
  }
  return undefined;
}

describe('bearerToken', () => {
  it('parses the Authorization header strictly', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('Bearer aaa.bbb.')).toBe('aaa.bbb.'); // alg none: refused later, by the verifier
    expect(codeOf(() => bearerToken(undefined))).toBe('TOKEN_MISSING');
    expect(codeOf(() => bearerToken('Basic dXNlcjpwdw=='))).toBe('TOKEN_MALFORMED');
    expect(codeOf(() => bearerToken('Bearer not-a-jwt'))).toBe('TOKEN_MALFORMED');
  });
});
