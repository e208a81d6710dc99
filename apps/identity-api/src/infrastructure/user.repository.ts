import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { NewUser, UserRepository } from '../application/user-repository.port';
import type { User, UserWithCredentials } from '../domain/user';
import { UserEntity } from './user.entity';

const UNIQUE_VIOLATION = '23505';

/** identity_user through TypeORM; entities stay here, the use cases get plain users. */
@Injectable()
export class TypeOrmUserRepository implements UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async findById(id: string): Promise<User | null> {
    // Token subjects come from the provider's own records, but a malformed id must not 500.
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const entity = await this.users.findOneBy({ id });
    return entity ? toUser(entity) : null;
  }

  async findByEmail(email: string): Promise<UserWithCredentials | null> {
    const entity = await this.users.findOneBy({ email });
    return entity ? { ...toUser(entity), passwordHash: entity.passwordHash } : null;
  }

  async create(user: NewUser): Promise<User | null> {
    try {
      const entity = await this.users.save(this.users.create({ ...user, roles: [...user.roles] }));
      return toUser(entity);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }
}

function toUser(entity: UserEntity): User {
  return { id: entity.id, email: entity.email, name: entity.name, roles: [...entity.roles] };
}
