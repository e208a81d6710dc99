import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

const pipe = new ZodValidationPipe(z.object({ quantity: z.number().int().positive() }).strict());

function messageOf(value: unknown): string {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
  }
  return 'no error';
}

describe('ZodValidationPipe', () => {
  it('returns the parsed value', () => {
    expect(pipe.transform({ quantity: 2 })).toEqual({ quantity: 2 });
  });

  it('names the offending field and unknown fields in a 400', () => {
    expect(messageOf({ quantity: -1 })).toMatch(/^quantity: /);
    expect(messageOf({ quantity: 1, buyerId: 'x' })).toBe('buyerId: unknown field');
    expect(messageOf(undefined)).toMatch(/^body: /);
  });
});
