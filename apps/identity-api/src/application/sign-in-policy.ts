import type { ThrottlePolicy } from '../domain/sign-in-throttle';

/** The brute-force limits (from configuration), per account and per client address. */
export interface SignInPolicy {
  readonly perAccount: ThrottlePolicy;
  readonly perAddress: ThrottlePolicy;
}

export const SIGN_IN_POLICY = Symbol('SIGN_IN_POLICY');
