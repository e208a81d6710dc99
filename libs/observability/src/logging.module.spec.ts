import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { httpLoggerOptions, LoggingModule, NestLogger, ServiceLogger, type LoggingOptions } from './logging.module';
import { requestId } from './request-id';

/** One request through pino-http with LoggingModule's options; the JSON lines it wrote. */
function logOneRequest(options: LoggingOptions): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pinoHttp(httpLoggerOptions(options), sink);
  const request = new IncomingMessage(new Socket());
  Object.assign(request, { method: 'GET', url: '/api/basket', headers: { authorization: 'Bearer secret.token', cookie: 'eshop_session=s3cret', 'x-request-id': 'req-42' } });
  const response = new ServerResponse(request);
  logger(request, response);
  request.log.warn('upstream failed');
  // Answered: what `end()` leaves behind once the socket took the bytes (there is no socket here).
  response.statusCode = 200;
  Object.defineProperties(response, { headersSent: { value: true }, writableEnded: { value: true } });
  response.emit('finish');
  return lines;
}

describe('LoggingModule request logs', () => {
  it('writes the access line at info with the request id, and never a credential', () => {
    const lines = logOneRequest({ service: 'api-gateway', level: 'info' });
    expect(lines).toContainEqual(expect.objectContaining({ service: 'api-gateway', msg: 'request completed', req: expect.objectContaining({ id: 'req-42', url: '/api/basket' }) }));
    const text = JSON.stringify(lines);
    expect(text).not.toContain('secret.token');
    expect(text).not.toContain('s3cret');
  });

  it('logs lean requests without headers: id, method, url and address; the response as its status', () => {
    const lines = logOneRequest({ service: 'api-gateway', level: 'info', leanRequests: true });
    const access = lines.find((line) => line['msg'] === 'request completed');
    expect(access?.['req']).toEqual({ id: 'req-42', method: 'GET', url: '/api/basket' });
    expect(access?.['res']).toEqual({ statusCode: 200 });
    expect(JSON.stringify(lines)).not.toContain('secret.token');
  });

  it('above info writes no access line, but lines written during the request still carry its id', () => {
    const lines = logOneRequest({ service: 'api-gateway', level: 'warn', leanRequests: true });
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'upstream failed', req: expect.objectContaining({ id: 'req-42' }) })]);
  });
});

@Controller('probe')
class ProbeController {
  constructor(private readonly logger: ServiceLogger) {}

  @Get()
  async handle(): Promise<{ ok: true }> {
    await new Promise((resolve) => setImmediate(resolve)); // the line is written in a later turn
    this.logger.warn({ step: 'after-await' }, 'inside the request');
    return { ok: true };
  }
}

describe.each(['express', 'fastify'] as const)('LoggingModule in a Nest app on %s', (http) => {
  let app: INestApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ service: 'probe-api', level: 'warn', leanRequests: true, destination })],
      controllers: [ProbeController],
    }).compile();
    app = http === 'fastify' ? moduleRef.createNestApplication(new FastifyAdapter({ genReqId: (raw: unknown) => requestId(raw as IncomingMessage) })) : moduleRef.createNestApplication();
    app.useLogger(app.get(NestLogger));
    await app.init();
    if (http === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<void> }).ready();
  });

  afterAll(() => app.close());

  it("binds the request's logger for the whole handling: a line written after an await carries the request id", async () => {
    lines.length = 0;
    await request(app.getHttpServer()).get('/probe').set('x-request-id', `req-${http}`).expect(200);
    expect(lines).toContainEqual(expect.objectContaining({ service: 'probe-api', msg: 'inside the request', step: 'after-await', req: expect.objectContaining({ id: `req-${http}` }) }));
  });

  it('outside a request writes through the app logger, with no request fields', () => {
    lines.length = 0;
    app.get(ServiceLogger).warn({ step: 'outside' }, 'no request here');
    expect(lines).toEqual([expect.objectContaining({ service: 'probe-api', msg: 'no request here', step: 'outside' })]);
    expect(lines[0]).not.toHaveProperty('req');
  });

  it("writes Nest's lines with their context, an Error as `err`, and Nest's (message, stack, context) as one error", () => {
    lines.length = 0;
    const nest = app.get(NestLogger);
    nest.warn('plain', 'ProbeContext');
    nest.error(new Error('boom'), 'ProbeContext');
    nest.error('handler failed', 'Error: handler failed\n    at probe (probe.ts:1:1)', 'ExceptionsHandler');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'plain', context: 'ProbeContext' }),
      expect.objectContaining({ level: 50, context: 'ProbeContext', err: expect.objectContaining({ message: 'boom' }) }),
      expect.objectContaining({ level: 50, context: 'ExceptionsHandler', err: expect.objectContaining({ message: 'handler failed', stack: expect.stringContaining('at probe') }) }),
    ]);
  });
});
