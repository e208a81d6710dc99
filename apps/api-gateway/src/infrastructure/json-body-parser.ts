import type { Server } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { nestsDeeperThan } from './json-depth';

/** No body of the API nests deeper than a few levels; a basket PUT is 3. */
export const MAX_JSON_DEPTH = 32;

/**
 * Fastify's own JSON parser (prototype-poisoning keys refused) behind a depth check: a
 * deeply nested body is a 400 before it is parsed, and never reaches the re-serialisation
 * in forwarding.ts (where 10,000 levels used to throw a RangeError). Registering it stops
 * Nest adding its form parser: a form body is a 415, like any type the API does not take.
 */
export function useDepthLimitedJsonParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new BadRequestException(`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(request, text, done);
  });
}
