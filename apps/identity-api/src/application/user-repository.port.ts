import type { User, UserWithCredentials } from '../domain/user';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly passwordHash: string;
}

/** The users table, as the use cases see it. Emails arrive normalized (domain/user.ts). */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<UserWithCredentials | null>;
  /** Creates the user; null when the email is taken (the unique index decides, no race). */
  create(user: NewUser): Promise<User | null>;
}

export const USER_REPOSITORY = Symbol('USER_REPOSITORY');
