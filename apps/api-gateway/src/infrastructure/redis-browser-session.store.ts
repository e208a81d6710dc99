import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BrowserSessionStore } from '../application/browser-session.port';
import type { BrowserSession, PendingSignIn } from '../domain/browser-session';
import { SessionStoreUnavailableError } from '../domain/browser-session.errors';

const sessionSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }),
  accessToken: z.string(),
  accessTokenExpiresAt: z.number(),
  refreshToken: z.string().optional(),
  csrfToken: z.string(),
});

const pendingSchema = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), returnTo: z.string() });

/** Deletes the lease only if it is still ours (it may have run out and gone to another instance). */
const RELEASE_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Sessions in Redis, one JSON value per session with the session's lifetime as its TTL.
 * Keys hold a SHA-256 of the cookie's value, not the value: whoever can read Redis keys
 * cannot replay them as cookies.
 */
export class RedisBrowserSessionStore implements BrowserSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'gateway:',
  ) {}

  create(id: string, session: BrowserSession, ttlSeconds: number): Promise<void> {
    return this.run(async () => void (await this.redis.set(this.key('session', id), JSON.stringify(session), 'EX', ttlSeconds)));
  }

  find(id: string): Promise<BrowserSession | undefined> {
    return this.run(async () => parse(sessionSchema, await this.redis.get(this.key('session', id))));
  }

  update(id: string, session: BrowserSession): Promise<boolean> {
    return this.run(async () => (await this.redis.set(this.key('session', id), JSON.stringify(session), 'KEEPTTL', 'XX')) === 'OK');
  }

  delete(id: string): Promise<void> {
    return this.run(async () => void (await this.redis.del(this.key('session', id), this.key('refresh-lease', id))));
  }

  lockRefresh(id: string, leaseMs: number): Promise<(() => Promise<void>) | undefined> {
    const key = this.key('refresh-lease', id);
    const holder = randomUUID();
    return this.run(async () => {
      if ((await this.redis.set(key, holder, 'PX', leaseMs, 'NX')) !== 'OK') return undefined;
      return () => this.run(async () => void (await this.redis.eval(RELEASE_LEASE, 1, key, holder)));
    });
  }

  savePendingSignIn(id: string, pending: PendingSignIn, ttlSeconds: number): Promise<void> {
    return this.run(async () => void (await this.redis.set(this.key('sign-in', id), JSON.stringify(pending), 'EX', ttlSeconds)));
  }

  takePendingSignIn(id: string): Promise<PendingSignIn | undefined> {
    return this.run(async () => parse(pendingSchema, await this.redis.getdel(this.key('sign-in', id))));
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}${kind}:${createHash('sha256').update(id).digest('base64url')}`;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new SessionStoreUnavailableError(error instanceof Error ? error.message : String(error));
    }
  }
}

/** A value that is not what this store wrote (another version, corrupted) counts as absent. */
function parse<T>(schema: z.ZodType<T>, value: string | null): T | undefined {
  if (value === null) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(value));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
