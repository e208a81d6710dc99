import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../application/password-hasher.port';

/**
 * argon2id with the library's defaults, which are OWASP's recommended minimum
 * (m = 19 MiB, t = 2, p = 1). The parameters travel in the PHC string, so raising them
 * later still verifies old hashes.
 */
@Injectable()
export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash is a failed sign-in, not a 500
    }
  }
}
