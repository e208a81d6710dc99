import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body, query or param against a zod schema. A failure is a 400 whose message
 * names every offending field: `price: must have at most two decimals`.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'param' | 'header' = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.join('.') || this.where;
      return issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')}: unknown field${issue.keys.length > 1 ? 's' : ''}`
        : `${field}: ${issue.message}`;
    });
    throw new BadRequestException(problems.join('; '));
  }
}
