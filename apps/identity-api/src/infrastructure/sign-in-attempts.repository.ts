import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SignInAttempts } from '../application/sign-in-attempts.port';
import type { FailureRecord } from '../domain/sign-in-throttle';

interface Row {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

/**
 * The counters in Postgres (table sign_in_attempt): shared by every instance and durable,
 * so neither a second replica nor a restart gives an attacker fresh guesses. A failure
 * locks its row (SELECT … FOR UPDATE) while the rule computes the next state.
 */
@Injectable()
export class PostgresSignInAttempts implements SignInAttempts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(keys: readonly string[]): Promise<ReadonlyArray<FailureRecord | null>> {
    const rows: Row[] = await this.dataSource.query('SELECT * FROM sign_in_attempt WHERE key = ANY($1)', [keys]);
    return keys.map((key) => {
      const row = rows.find((candidate) => candidate.key === key);
      return row ? toRecord(row) : null;
    });
  }

  async recordFailure(key: string, next: (previous: FailureRecord | null) => FailureRecord): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: Row[] = await manager.query('SELECT * FROM sign_in_attempt WHERE key = $1 FOR UPDATE', [key]);
      const record = next(rows[0] ? toRecord(rows[0]) : null);
      await manager.query(
        `INSERT INTO sign_in_attempt (key, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, locked_until = $4`,
        [key, record.failures, record.lastFailureAt, record.lockedUntil],
      );
    });
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sign_in_attempt WHERE key = $1', [key]);
  }
}

function toRecord(row: Row): FailureRecord {
  return { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until };
}
