import { csrfTokenMatches, hasExpired, needsRefresh, randomSecret, sameOriginPath, type BrowserSession } from './browser-session';

const session = (overrides: Partial<BrowserSession> = {}): BrowserSession => ({
  user: { id: 'u1', name: 'Alice', roles: [] },
  accessToken: 'access',
  accessTokenExpiresAt: 100_000,
  csrfToken: 'csrf-token-of-the-session',
  ...overrides,
});

describe('browser session rules', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/basket?view=full#top', '/basket?view=full#top'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/path\\with-backslash', '/'],
    ['/line\nbreak', '/'],
    ['javascript:alert(1)', '/'],
    [`/${'a'.repeat(600)}`, '/'],
  ])('returnTo %j → %j (same-origin paths only)', (value, expected) => {
    expect(sameOriginPath(value)).toBe(expected);
  });

  it('compares CSRF tokens exactly', () => {
    expect(csrfTokenMatches(session(), 'csrf-token-of-the-session')).toBe(true);
    expect(csrfTokenMatches(session(), 'csrf-token-of-the-sessioN')).toBe(false);
    expect(csrfTokenMatches(session(), 'short')).toBe(false);
    expect(csrfTokenMatches(session(), undefined)).toBe(false);
  });

  it('is due for a refresh within the margin, expired at expiry', () => {
    expect(needsRefresh(session(), 39_999, 60_000)).toBe(false);
    expect(needsRefresh(session(), 40_000, 60_000)).toBe(true);
    expect(hasExpired(session(), 99_999)).toBe(false);
    expect(hasExpired(session(), 100_000)).toBe(true);
  });

  it('draws 256-bit URL-safe secrets', () => {
    expect(randomSecret()).toMatch(/^[\w-]{43}$/);
    expect(randomSecret()).not.toBe(randomSecret());
  });
});
