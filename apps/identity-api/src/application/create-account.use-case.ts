import { Inject, Injectable } from '@nestjs/common';
import { EmailAlreadyRegisteredError, InvalidAccountDetailsError } from '../domain/identity.errors';
import { passwordProblems } from '../domain/password-policy';
import { isPlausibleEmail, normalizeEmail, type User } from '../domain/user';
import { PASSWORD_HASHER, type PasswordHasher } from './password-hasher.port';
import { USER_REPOSITORY, type UserRepository } from './user-repository.port';

export interface CreateAccountRequest {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  /** Only the demo seed grants roles; a self-registered account is a buyer. */
  readonly roles?: readonly string[];
}

/** Sign-up: checks the details, hashes the password (argon2id), stores the user. */
@Injectable()
export class CreateAccountUseCase {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async execute(request: CreateAccountRequest): Promise<User> {
    const email = normalizeEmail(request.email);
    const name = request.name.trim();
    const problems = [
      ...(isPlausibleEmail(email) ? [] : ['Enter an email address like name@example.com.']),
      ...(name.length >= 1 && name.length <= 100 ? [] : ['Enter a name of 1 to 100 characters.']),
      ...passwordProblems(request.password, email),
    ];
    if (problems.length > 0) throw new InvalidAccountDetailsError(problems);
    const passwordHash = await this.hasher.hash(request.password);
    const user = await this.users.create({ email, name, roles: request.roles ?? [], passwordHash });
    if (!user) throw new EmailAlreadyRegisteredError();
    return user;
  }
}
