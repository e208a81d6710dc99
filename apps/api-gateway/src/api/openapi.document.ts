import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { addBasketItemSchema } from './basket-items.dto';
import { API_ROUTES, API_TAGS, type ApiRoute } from './openapi.routes';

type Operation = Record<string, unknown>;

const BODIES: Record<NonNullable<ApiRoute['body']>, Record<string, unknown>> = {
  addBasketItem: z.toJSONSchema(addBasketItemSchema, { target: 'openapi-3.0' }),
  json: { type: 'object', description: "as the upstream's own API takes it" },
};

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });
const SUCCESS: Record<ApiRoute['status'], string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'string', description: 'stable machine code, e.g. CIRCUIT_OPEN' },
    upstream: { type: 'string', description: 'the upstream that failed, e.g. catalog-api' },
  },
};

/** The OpenAPI document served at /api/docs-json and shown by Swagger UI at /api/docs (and committed as docs/openapi.json). */
export function buildOpenApiDocument(): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('eShop API gateway')
    .setDescription('The one HTTP entry point: JWT auth, routing to catalog, basket and ordering, aggregation, resilience.')
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative: the gateway that serves this document (localhost:8080 under `npm start`).
    .addServer('/', 'The gateway serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const routes = API_ROUTES;
  const usedTags = new Set(routes.map((route) => route.tag));
  const paths: OpenAPIObject['paths'] = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    ...base,
    info: { ...base.info, contact: { name: 'eShop on NestJS' } },
    tags: API_TAGS.filter((tag) => usedTags.has(tag.name)),
    paths,
    components: { ...base.components, schemas: { Error: ERROR_SCHEMA } },
  };
}

function parameters(route: ApiRoute): unknown[] {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'name' ? { type: 'string' } : { type: 'integer', minimum: 1 },
  }));
  const query = (route.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
  const headers = (route.headers ?? []).map((name) => ({ name, in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }));
  return [...pathParams, ...query, ...headers];
}

function responses(route: ApiRoute): Record<string, unknown> {
  const out: Record<string, unknown> = { [String(route.status)]: { description: SUCCESS[route.status] } };
  out['400'] = errorResponse('bad input, naming the field');
  if (route.auth) out['401'] = errorResponse('missing, malformed, expired or wrongly signed token');
  if (route.notFound) out['404'] = errorResponse('no such resource');
  if (route.conflict) out['409'] = errorResponse('the resource changed meanwhile, or its state does not allow this');
  out['429'] = errorResponse('too many requests from this client');
  if (route.upstream) {
    out['503'] = errorResponse('upstream down, open circuit, at capacity or no healthy instance (names it)');
    out['504'] = errorResponse('upstream did not answer in time (names it)');
  }
  return out;
}

function operation(route: ApiRoute): Operation {
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.description,
    parameters: parameters(route),
    responses: responses(route),
    // Public operations say so explicitly: no security requirement at all.
    security: route.auth ? [{ bearer: [] }] : [],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: BODIES[route.body] } } } } : {}),
  };
}

/** The committed docs/openapi.json: the published document (no dev-token route), stable text. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
