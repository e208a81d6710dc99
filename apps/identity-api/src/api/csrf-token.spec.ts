import { csrfTokenFor, isValidCsrfToken } from './csrf-token';

describe('CSRF token', () => {
  const secret = 'a-server-secret-of-at-least-32-characters';

  it('accepts the token issued for the same interaction', () => {
    expect(isValidCsrfToken(secret, 'uid-1', csrfTokenFor(secret, 'uid-1'))).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', ['x']],
    ['of another interaction', csrfTokenFor(secret, 'uid-2')],
    ['made with another secret', csrfTokenFor('another-secret-of-at-least-32-chars!', 'uid-1')],
    ['truncated', csrfTokenFor(secret, 'uid-1').slice(1)],
  ])('refuses a token %s', (_case, token) => {
    expect(isValidCsrfToken(secret, 'uid-1', token)).toBe(false);
  });
});
