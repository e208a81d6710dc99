import { Inject, Injectable } from '@nestjs/common';
import type { User } from '../domain/user';
import { USER_REPOSITORY, type UserRepository } from './user-repository.port';

/** The provider's account lookup (token subject → claims: name, email, roles). */
@Injectable()
export class GetAccountUseCase {
  constructor(@Inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  execute(id: string): Promise<User | null> {
    return this.users.findById(id);
  }
}
