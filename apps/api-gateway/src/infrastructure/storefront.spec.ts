import { acceptsHtml, storefrontAnswer } from './storefront';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FETCH = '*/*';

describe('storefront history fallback rule', () => {
  it.each(['/', '/products/7', '/basket', '/checkout', '/orders', '/orders/42', '/admin', '/orders/42?from=checkout', '/no-such-page'])(
    'serves the page at %s to a browser navigating there',
    (url) => {
      expect(storefrontAnswer(url, BROWSER)).toEqual({ kind: 'page' });
    },
  );

  it('serves the page at / and /index.html whatever the client accepts (the shop\'s address)', () => {
    expect(storefrontAnswer('/', undefined)).toEqual({ kind: 'page' });
    expect(storefrontAnswer('/?utm=x', 'application/json')).toEqual({ kind: 'page' });
    expect(storefrontAnswer('/index.html', FETCH)).toEqual({ kind: 'page' });
  });

  it('answers an SPA route with 404 to a client that does not ask for HTML (a fetch, curl)', () => {
    expect(storefrontAnswer('/orders/42', FETCH)).toEqual({ kind: 'not-found' });
    expect(storefrontAnswer('/basket', 'application/json')).toEqual({ kind: 'not-found' });
    expect(storefrontAnswer('/basket', undefined)).toEqual({ kind: 'not-found' });
  });

  it.each(['/api', '/api/nothing-here', '/api/docs/missing', '/auth', '/auth/unknown', '/health', '/health/whatever', '/metrics', '/assets', '/assets/app-zzz.js'])(
    'never serves the page under the gateway\'s own prefixes: %s',
    (url) => {
      expect(storefrontAnswer(url, BROWSER)).toEqual({ kind: 'not-found' });
    },
  );

  it('keeps prefixes whole: /apinfo and /authors are SPA paths, not API ones', () => {
    expect(storefrontAnswer('/apinfo', BROWSER)).toEqual({ kind: 'page' });
    expect(storefrontAnswer('/authors', BROWSER)).toEqual({ kind: 'page' });
  });

  it('treats a top-level name with an extension as a file of the build, never as the page', () => {
    expect(storefrontAnswer('/robots.txt', BROWSER)).toEqual({ kind: 'file', file: 'robots.txt' });
    expect(storefrontAnswer('/favicon.ico?v=2', 'image/*')).toEqual({ kind: 'file', file: 'favicon.ico' });
    expect(storefrontAnswer('/site.webmanifest', FETCH)).toEqual({ kind: 'file', file: 'site.webmanifest' });
  });

  it('refuses deeper paths with an extension and names that could leave the folder', () => {
    expect(storefrontAnswer('/orders/app.js', BROWSER)).toEqual({ kind: 'not-found' });
    expect(storefrontAnswer('/.env', BROWSER)).toEqual({ kind: 'not-found' });
    expect(storefrontAnswer('/..%2fetc%2fpasswd.txt', BROWSER)).toEqual({ kind: 'not-found' });
    expect(storefrontAnswer('/%2e%2e.txt', BROWSER)).toEqual({ kind: 'not-found' });
  });
});

describe('acceptsHtml', () => {
  it('finds text/html among the media ranges, parameters and case aside', () => {
    expect(acceptsHtml(BROWSER)).toBe(true);
    expect(acceptsHtml('TEXT/HTML;q=0.5')).toBe(true);
    expect(acceptsHtml('application/json, text/html')).toBe(true);
  });

  it('does not take */* or a look-alike for it', () => {
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('text/*')).toBe(false);
    expect(acceptsHtml('text/htmlx')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });
});
