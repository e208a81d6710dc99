import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { addBasketItemSchema } from './basket-items.dto';
import { devTokenSchema } from './dev-token.dto';
import { API_ROUTES, DEV_TOKEN_ROUTE, type ApiRoute } from './openapi.routes';

type Operation = Record<string, unknown>;

const BODIES: Record<NonNullable<ApiRoute['body']>, Record<string, unknown>> = {
  addBasketItem: z.toJSONSchema(addBasketItemSchema, { target: 'openapi-3.0' }),
  devToken: z.toJSONSchema(devTokenSchema, { target: 'openapi-3.0' }),
  json: { type: 'object', description: "as the upstream's own API takes it" },
};

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ERROR } } });

/** The OpenAPI document served at /api/docs-json and shown by Swagger UI at /api/docs. */
export function buildOpenApiDocument(options: { readonly devTokens: boolean }): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('eShop API gateway')
    .setDescription('The one HTTP entry point: JWT auth, routing to catalog, basket and ordering, aggregation, resilience.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const routes = options.devTokens ? [...API_ROUTES, DEV_TOKEN_ROUTE] : API_ROUTES;
  const paths: OpenAPIObject['paths'] = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    ...base,
    paths,
    components: {
      ...base.components,
      schemas: {
        Error: {
          type: 'object',
          required: ['statusCode', 'error', 'message'],
          properties: {
            statusCode: { type: 'integer' },
            error: { type: 'string' },
            message: { type: 'string' },
            code: { type: 'string', description: 'stable machine code, e.g. CIRCUIT_OPEN' },
            upstream: { type: 'string', description: 'the upstream that failed, e.g. catalog-api' },
          },
        },
      },
    },
  };
}

function operation(route: ApiRoute): Operation {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = (route.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
  const headers = (route.headers ?? []).map((name) => ({ name, in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }));
  const responses: Record<string, unknown> = { '200': { description: 'OK' }, '400': errorResponse('bad input, naming the field') };
  if (route.auth) responses['401'] = errorResponse('missing, malformed, expired or wrongly signed token');
  responses['429'] = errorResponse('too many requests from this client');
  if (route.upstream) {
    responses['503'] = errorResponse('upstream down, open circuit, at capacity or no healthy instance (names it)');
    responses['504'] = errorResponse('upstream did not answer in time (names it)');
  }
  return {
    tags: [route.tag],
    summary: route.summary,
    parameters: [...pathParams, ...query, ...headers],
    responses,
    ...(route.auth ? { security: [{ bearer: [] }] } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: BODIES[route.body] } } } } : {}),
  };
}

/** The committed docs/openapi.json: the full document (dev-token route included), stable text. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument({ devTokens: true }), null, 2)}\n`;
}
