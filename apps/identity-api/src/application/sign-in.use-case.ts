import { Inject, Injectable } from '@nestjs/common';
import { afterFailure, lockedForSeconds, type ThrottlePolicy } from '../domain/sign-in-throttle';
import { normalizeEmail, type User } from '../domain/user';
import { PASSWORD_HASHER, type PasswordHasher } from './password-hasher.port';
import { SIGN_IN_ATTEMPTS, type SignInAttempts } from './sign-in-attempts.port';
import { SIGN_IN_POLICY, type SignInPolicy } from './sign-in-policy';
import { USER_REPOSITORY, type UserRepository } from './user-repository.port';

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
  readonly clientAddress: string;
}

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly user: User }
  | { readonly outcome: 'invalid' }
  | { readonly outcome: 'locked'; readonly retryAfterSeconds: number };

/**
 * Checks an email and password. Brute force is slowed per account and per client address:
 * a locked key is refused before any password is checked (so a lock reveals nothing about
 * the password), and an unknown email costs the same hash as a known one and counts the
 * same, so answers and timing do not tell which emails have accounts.
 */
@Injectable()
export class SignInUseCase {
  private dummyHash: Promise<string> | undefined;

  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(SIGN_IN_ATTEMPTS) private readonly attempts: SignInAttempts,
    @Inject(SIGN_IN_POLICY) private readonly policy: SignInPolicy,
  ) {}

  async execute(request: SignInRequest, now = new Date()): Promise<SignInResult> {
    const email = normalizeEmail(request.email);
    const keys: ReadonlyArray<readonly [string, ThrottlePolicy]> = [
      [`account:${email}`, this.policy.perAccount],
      [`address:${request.clientAddress}`, this.policy.perAddress],
    ];
    const records = await this.attempts.find(keys.map(([key]) => key));
    const retryAfterSeconds = Math.max(...records.map((record) => lockedForSeconds(record, now)));
    if (retryAfterSeconds > 0) return { outcome: 'locked', retryAfterSeconds };

    const user = await this.users.findByEmail(email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, request.password)
      : await this.hasher.verify(await this.hashOfNothing(), request.password).then(() => false);
    if (!user || !valid) {
      for (const [key, policy] of keys) await this.attempts.recordFailure(key, (previous) => afterFailure(previous, now, policy));
      return { outcome: 'invalid' };
    }
    // The address counter is not reset: signing in to one's own account must not buy an
    // attacker fresh guesses at others from the same address.
    await this.attempts.clear(keys[0]![0]);
    return { outcome: 'signed-in', user: { id: user.id, email: user.email, name: user.name, roles: user.roles } };
  }

  private hashOfNothing(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('no account has this password');
    return this.dummyHash;
  }
}
