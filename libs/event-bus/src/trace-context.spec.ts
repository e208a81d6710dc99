import { isTraceparent, newTraceparent } from './trace-context';

describe('trace context', () => {
  it('makes well-formed, distinct traceparents across pool refills', () => {
    const ids = Array.from({ length: 1_000 }, newTraceparent);
    expect(ids.every(isTraceparent)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('recognises malformed values', () => {
    expect(isTraceparent('00-abc-def-01')).toBe(false);
    expect(isTraceparent(undefined)).toBe(false);
  });
});
