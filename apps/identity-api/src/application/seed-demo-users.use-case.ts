import { Inject, Injectable } from '@nestjs/common';
import { EmailAlreadyRegisteredError } from '../domain/identity.errors';
import { ADMIN_ROLE } from '../domain/user';
import { CreateAccountUseCase } from './create-account.use-case';
import { USER_REPOSITORY, type UserRepository } from './user-repository.port';

/** The contract's demo users (architecture.md, "Identity"); never seeded in production. */
export const DEMO_PASSWORD = 'Pass123$';
export const DEMO_USERS = [
  { email: 'alice@example.com', name: 'Alice', roles: [] },
  { email: 'bob@example.com', name: 'Bob', roles: [] },
  { email: 'admin@example.com', name: 'Admin', roles: [ADMIN_ROLE] },
] as const;

/** Creates the demo users that do not exist yet (IDENTITY_DEMO_USERS=true); idempotent. */
@Injectable()
export class SeedDemoUsersUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    private readonly createAccount: CreateAccountUseCase,
  ) {}

  async execute(): Promise<number> {
    let created = 0;
    for (const demo of DEMO_USERS) {
      if (await this.users.findByEmail(demo.email)) continue;
      // Two instances starting together may both try: the loser's create is refused, fine.
      try {
        await this.createAccount.execute({ ...demo, password: DEMO_PASSWORD });
        created++;
      } catch (error) {
        if (!(error instanceof EmailAlreadyRegisteredError)) throw error;
      }
    }
    return created;
  }
}
