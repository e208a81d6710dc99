/**
 * `npm run docs:openapi`: writes the gateway's OpenAPI document (the one served at
 * /api/docs-json) to docs/openapi.json. A test fails when the
 * committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApiDocument } from '../src/api/openapi.document';

const target = join(__dirname, '..', '..', 'docs', 'openapi.json');
writeFileSync(target, renderOpenApiDocument());
process.stdout.write(`wrote ${target}\n`);
