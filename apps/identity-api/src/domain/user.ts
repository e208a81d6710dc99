/** A person who can sign in. The password hash never leaves the application layer. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface UserWithCredentials extends User {
  readonly passwordHash: string;
}

/** The role that may change the catalog and ship orders (contract). */
export const ADMIN_ROLE = 'admin';

/** Emails compare case-insensitively: stored and looked up lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A deliberately loose check (one @, something either side, no spaces): the mailbox decides the rest. */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254;
}
