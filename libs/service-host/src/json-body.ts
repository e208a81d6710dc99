import type { Server } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Keys no API body has: refused by name (Fastify's own parser refuses them too, but without saying which). */
const FORBIDDEN_KEY = /"(__proto__|constructor)"\s*:/;

/**
 * JSON bodies on Fastify parsed as they were on Express (body-parser): an empty body is `{}`,
 * malformed JSON a 400 that says so, and a body with `__proto__` or `constructor` keys a 400
 * naming the key. Registering it also keeps Nest from adding a form parser: any other
 * content type is a 415.
 */
export function useJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser<Server>('application/json', { bodyLimit }, (_request, body, done) => {
    const text = body.toString('utf8');
    try {
      const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
      const key = FORBIDDEN_KEY.test(text) ? forbiddenKeyIn(text) : undefined;
      if (key) done(new BadRequestException(`${key}: forbidden key`), undefined);
      else done(null, value);
    } catch (error) {
      done(new BadRequestException(error instanceof Error ? error.message : 'malformed JSON'), undefined);
    }
  });
}

/** The outermost forbidden key among the body's keys (not inside a string value), if any. */
function forbiddenKeyIn(text: string): string | undefined {
  let found: string | undefined;
  // The reviver visits inner keys first: the last one found is the outermost.
  JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__' || key === 'constructor') found = key;
    return value;
  });
  return found;
}
