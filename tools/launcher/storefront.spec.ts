import { storefrontLine } from './storefront';

describe('launcher storefront line', () => {
  it('names the shop\'s address when the gateway serves it', () => {
    expect(storefrontLine(8080, 'served')).toBe('Storefront: http://localhost:8080/');
    expect(storefrontLine(20015, 'served')).toBe('Storefront: http://localhost:20015/');
  });

  it('says how to build it when the gateway has no build', () => {
    expect(storefrontLine(8080, 'not-built')).toMatch(/^Storefront: http:\/\/localhost:8080\/ is not built: run npm run build:webapp/);
  });

  it('points at the gateway\'s log when it answered something else', () => {
    expect(storefrontLine(8080, 'unknown')).toMatch(/^Storefront: http:\/\/localhost:8080\/ \(the gateway did not serve it/);
  });
});
