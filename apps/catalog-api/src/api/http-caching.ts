/**
 * HTTP caching of the public reads, where it is honest: an item's representation changes
 * exactly when its `version` does (every update moves it on), so the version is its ETag.
 * Caches may store a read but must revalidate it every time (`no-cache`): a price can change
 * at any moment, and a revalidation that finds the same version costs a 304 without a body.
 */
export const REVALIDATE = 'public, no-cache';

/** Fastify's reply and Express' response both have these. */
export interface CacheReply {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

export const itemEtag = (version: number): string => `"v${version}"`;

/** RFC 9110 If-None-Match: `*`, or a list of tags compared weakly (`W/"v3"` matches `"v3"`). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
