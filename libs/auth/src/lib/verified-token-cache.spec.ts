import type { Buyer } from './buyer';
import { VerifiedTokenCache } from './verified-token-cache';

const alice: Buyer = { id: 'alice', name: 'Alice', roles: ['admin'] };
const bob: Buyer = { id: 'bob', name: 'Bob', roles: [] };

describe('VerifiedTokenCache', () => {
  let now: number;
  const cache = (maxEntries?: number) => new VerifiedTokenCache({ maxEntries, nowSeconds: () => now });

  beforeEach(() => {
    now = 1_000;
  });

  it('answers a remembered token until its exp, not a second longer', () => {
    const tokens = cache();
    tokens.set('t1', alice, 1_060, 1);
    now = 1_059.999;
    expect(tokens.get('t1', 1)).toBe(alice);
    now = 1_060;
    expect(tokens.get('t1', 1)).toBeUndefined();
    now = 1_000; // a clock set back does not revive a dropped entry
    expect(tokens.get('t1', 1)).toBeUndefined();
  });

  it('forgets what was verified against another key set', () => {
    const tokens = cache();
    tokens.set('t1', alice, 1_060, 1);
    expect(tokens.get('t1', 2)).toBeUndefined();
    expect(tokens.get('t1', 1)).toBeUndefined();
  });

  it('knows only the exact token string', () => {
    const tokens = cache();
    tokens.set('header.claims.signature', alice, 1_060, 1);
    expect(tokens.get('header.claims.signaturf', 1)).toBeUndefined();
    expect(tokens.get('header.claims.', 1)).toBeUndefined();
  });

  it('does not remember an already expired token, an overlong one, or anything when turned off', () => {
    const tokens = cache();
    tokens.set('expired', alice, 1_000, 1);
    tokens.set('x'.repeat(4_097), alice, 1_060, 1);
    const off = cache(0);
    off.set('t1', alice, 1_060, 1);
    expect([tokens.get('expired', 1), tokens.get('x'.repeat(4_097), 1), off.get('t1', 1), tokens.size, off.size]).toEqual([
      undefined,
      undefined,
      undefined,
      0,
      0,
    ]);
  });

  it('drops the least recently used token when full', () => {
    const tokens = cache(2);
    tokens.set('t1', alice, 1_060, 1);
    tokens.set('t2', bob, 1_060, 1);
    expect(tokens.get('t1', 1)).toBe(alice); // t2 is now the least recently used
    tokens.set('t3', bob, 1_060, 1);
    expect([tokens.get('t1', 1), tokens.get('t2', 1), tokens.get('t3', 1), tokens.size]).toEqual([alice, undefined, bob, 2]);
  });
});
