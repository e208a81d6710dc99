import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { core, node, tracing } from '@opentelemetry/sdk-node';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { traceHttpServers } from './http-server-spans';
import { propagateOnlyWhenUnsampled, whenRecording } from './instrumentations';
import { contextWithTraceparent, currentTraceparent } from './traceparent';

const SAMPLED = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const UNSAMPLED = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

describe('sampling-aware instrumentation (real SDK, parent-based sampler)', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    sampler: new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() }),
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  const under = (traceparent: string): Context => contextWithTraceparent(traceparent, context.active());

  it('whenRecording: the traced function only under a recording span, the library function otherwise', () => {
    const calls: string[] = [];
    const target = { query: (sql: string) => `result of ${sql}` };
    const plainWrap = <N extends object, F extends keyof N>(nodule: N, name: F, wrapper: (original: N[F], name: F) => N[F]) => {
      nodule[name] = wrapper(nodule[name], name);
    };
    whenRecording(plainWrap)(target, 'query', (original) => (sql: string) => {
      calls.push(sql);
      return original(sql);
    });
    expect(target.query('outside')).toBe('result of outside');
    expect(context.with(under(UNSAMPLED), () => target.query('unsampled'))).toBe('result of unsampled');
    const span = trace.getTracer('t').startSpan('sampled');
    expect(context.with(trace.setSpan(context.active(), span), () => target.query('sampled'))).toBe('result of sampled');
    span.end();
    expect(calls).toEqual(['sampled']);
  });

  it('propagateOnlyWhenUnsampled: writes the unsampled context itself and skips the span; leaves the rest to undici', () => {
    const headers: string[] = [];
    const request = { headers, addHeader: (name: string, value: string) => void headers.push(name, value) };
    expect(context.with(under(UNSAMPLED), () => propagateOnlyWhenUnsampled(request))).toBe(true);
    expect(headers).toEqual(['traceparent', UNSAMPLED]);
    expect(propagateOnlyWhenUnsampled(request)).toBe(false);
    const span = trace.getTracer('t').startSpan('sampled');
    expect(context.with(trace.setSpan(context.active(), span), () => propagateOnlyWhenUnsampled(request))).toBe(false);
    span.end();
    const legacy = { headers: 'host: x\r\n' };
    expect(context.with(under(UNSAMPLED), () => propagateOnlyWhenUnsampled(legacy))).toBe(true);
    expect(legacy.headers).toBe(`host: x\r\ntraceparent: ${UNSAMPLED}\r\n`);
  });

  describe('traceHttpServers', () => {
    let server: http.Server;
    let untrace: () => void;
    let seen: Array<{ path: string | undefined; traceparent: string | undefined; afterBody: string | undefined }>;
    let finished: Array<string | undefined>;
    let peerKnown: boolean[];

    beforeAll(async () => {
      untrace = traceHttpServers(http, core.suppressTracing);
      server = http.createServer((req, res) => {
        peerKnown.push(Object.hasOwn(req.socket, '_peername'));
        const traceparent = currentTraceparent();
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          seen.push({ path: req.url, traceparent, afterBody: currentTraceparent() });
          res.statusCode = body === 'fail' ? 503 : 200;
          res.on('finish', () => finished.push(currentTraceparent()));
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      untrace();
      await new Promise((resolve) => server.close(resolve));
    });
    beforeEach(() => {
      seen = [];
      finished = [];
      peerKnown = [];
    });

    const call = (method: string, path: string, headers: Record<string, string>, body?: string, agent?: false) =>
      new Promise<number>((resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        const req = http.request({ host: '127.0.0.1', port, method, path, headers, ...(agent === false ? { agent } : {}) }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const ended = () => exporter.getFinishedSpans().filter((s) => s.instrumentationScope.name === '@eshop/observability/http-server');

    it('records a SERVER span under a sampled caller, with the request and response, and keeps it active past the body', async () => {
      expect(await call('PUT', '/api/items/4?x=1', { traceparent: SAMPLED, 'content-type': 'text/plain' }, 'fail')).toBe(503);
      const [span] = ended();
      expect(span).toMatchObject({ name: 'PUT', kind: SpanKind.SERVER, parentSpanContext: expect.objectContaining({ spanId: 'b7ad6b7169203331' }) });
      expect(span?.attributes).toMatchObject({
        'http.request.method': 'PUT',
        'url.path': '/api/items/4',
        'url.query': 'x=1',
        'url.scheme': 'http',
        'http.response.status_code': 503,
      });
      expect(span?.status.code).toBe(SpanStatusCode.ERROR);
      const own = `00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`;
      expect(seen).toEqual([{ path: '/api/items/4?x=1', traceparent: own, afterBody: own }]);
      // The response is not bound, yet its `finish` (request logs) runs in the request's context.
      expect(finished).toEqual([own]);
    });

    it('under an unsampled caller: no span recorded, the ids (flag 00) active for the handler, body or not', async () => {
      await call('PUT', '/a', { traceparent: UNSAMPLED }, 'body');
      await call('GET', '/b', { traceparent: UNSAMPLED });
      expect(ended()).toEqual([]);
      for (const entry of seen) {
        expect(entry.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
        expect(entry.afterBody).toBe(entry.traceparent);
      }
      expect(seen).toHaveLength(2);
      expect(trace.getSpanContext(context.active())?.traceFlags ?? TraceFlags.NONE).toBe(TraceFlags.NONE);
    });

    it('has every connection read its peer before the server sees it, sampled or not: one V8 map path for all sockets', async () => {
      // New connections each (no keep-alive): a reused one may have been read by an earlier test.
      await call('GET', '/unsampled', { traceparent: UNSAMPLED }, undefined, false);
      await call('GET', '/sampled', { traceparent: SAMPLED }, undefined, false);
      expect(peerKnown).toEqual([true, true]);
    });

    it('no span and nothing recorded below a health probe', async () => {
      await call('GET', '/health/ready', {});
      expect(ended()).toEqual([]);
      expect(seen[0]?.traceparent).toBeUndefined();
    });
  });
});
