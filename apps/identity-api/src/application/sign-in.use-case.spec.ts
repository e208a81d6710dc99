import type { FailureRecord } from '../domain/sign-in-throttle';
import type { UserWithCredentials } from '../domain/user';
import type { PasswordHasher } from './password-hasher.port';
import type { SignInAttempts } from './sign-in-attempts.port';
import type { SignInPolicy } from './sign-in-policy';
import { SignInUseCase } from './sign-in.use-case';
import type { UserRepository } from './user-repository.port';

const alice: UserWithCredentials = { id: 'u1', email: 'alice@example.com', name: 'Alice', roles: [], passwordHash: 'hash:right' };

class FakeHasher implements PasswordHasher {
  verified: string[] = [];
  async hash(password: string) {
    return `hash:${password}`;
  }
  async verify(hash: string, password: string) {
    this.verified.push(hash);
    return hash === `hash:${password}`;
  }
}

class FakeAttempts implements SignInAttempts {
  readonly records = new Map<string, FailureRecord>();
  async find(keys: readonly string[]) {
    return keys.map((key) => this.records.get(key) ?? null);
  }
  async recordFailure(key: string, next: (previous: FailureRecord | null) => FailureRecord) {
    this.records.set(key, next(this.records.get(key) ?? null));
  }
  async clear(key: string) {
    this.records.delete(key);
  }
}

const users: UserRepository = {
  findById: async () => null,
  findByEmail: async (email) => (email === alice.email ? alice : null),
  create: async () => null,
};
const throttle = { lockoutSeconds: 60, maxLockoutSeconds: 900, windowSeconds: 900 };
const policy: SignInPolicy = { perAccount: { ...throttle, maxFailures: 2 }, perAddress: { ...throttle, maxFailures: 10 } };

describe('SignInUseCase', () => {
  let hasher: FakeHasher;
  let attempts: FakeAttempts;
  let signIn: SignInUseCase;
  const now = new Date('2026-01-01T00:00:00Z');

  beforeEach(() => {
    hasher = new FakeHasher();
    attempts = new FakeAttempts();
    signIn = new SignInUseCase(users, hasher, attempts, policy);
  });

  it('signs in with the right password, whatever the email case, and clears the account counter', async () => {
    await signIn.execute({ email: 'alice@example.com', password: 'wrong', clientAddress: '10.0.0.1' }, now);
    const result = await signIn.execute({ email: ' Alice@Example.COM ', password: 'right', clientAddress: '10.0.0.1' }, now);
    expect(result).toEqual({ outcome: 'signed-in', user: { id: 'u1', email: 'alice@example.com', name: 'Alice', roles: [] } });
    expect(attempts.records.has('account:alice@example.com')).toBe(false);
    expect(attempts.records.get('address:10.0.0.1')?.failures).toBe(1);
  });

  it('treats an unknown email like a wrong password: a hash is still checked and failures count', async () => {
    const result = await signIn.execute({ email: 'nobody@example.com', password: 'x', clientAddress: '10.0.0.2' }, now);
    expect(result).toEqual({ outcome: 'invalid' });
    expect(hasher.verified).toHaveLength(1);
    expect(attempts.records.get('account:nobody@example.com')?.failures).toBe(1);
  });

  it('refuses a locked account without checking the password', async () => {
    for (const guess of ['a', 'b']) await signIn.execute({ email: 'alice@example.com', password: guess, clientAddress: '10.0.0.3' }, now);
    hasher.verified = [];
    const result = await signIn.execute({ email: 'alice@example.com', password: 'right', clientAddress: '10.0.0.4' }, now);
    expect(result).toEqual({ outcome: 'locked', retryAfterSeconds: 60 });
    expect(hasher.verified).toEqual([]);
    const later = new Date(now.getTime() + 61_000);
    expect((await signIn.execute({ email: 'alice@example.com', password: 'right', clientAddress: '10.0.0.4' }, later)).outcome).toBe('signed-in');
  });
});
