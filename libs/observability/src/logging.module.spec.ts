import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { httpLoggerOptions, type LoggingOptions } from './logging.module';

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
