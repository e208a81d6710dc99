// Loaded with `node --require` before a bench script (bench/tracing-overhead.ts), in every
// mode: starts tracing from the OTEL_* variables exactly as an app's instrument.ts does, so
// the bench's pg, ioredis and bus code run instrumented. Without OTEL_EXPORTER_OTLP_ENDPOINT:
// no SDK. This preload is bundled apart from the bench: the handle startTracing keeps on
// globalThis is what lets the bench's own copy of @eshop/tracing see the SDK (and record our spans).
import { AsyncLocalStorage } from 'node:async_hooks';
import { startTracing } from '@eshop/tracing';

// Every app serves HTTP through nestjs-pino, whose AsyncLocalStorage turns Node's async
// context tracking on for the whole process (probes reach every app within seconds of its
// start). The bench process gets the same in every mode, so tracing is charged only for what
// it adds to an app, not for the context tracking the apps pay with tracing off too.
new AsyncLocalStorage<true>().enterWith(true);

startTracing({ serviceName: 'bench' });
