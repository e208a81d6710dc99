// Loaded with `node --require` before a bench script (bench/tracing-overhead.ts), in every
// mode: starts tracing from the OTEL_* variables exactly as an app's instrument.ts does, so
// the bench's pg, ioredis and bus code run instrumented. Without OTEL_EXPORTER_OTLP_ENDPOINT:
// no SDK. This preload is bundled apart from the bench: the handle startTracing keeps on
// globalThis is what lets the bench's own copy of @eshop/tracing see the SDK (and record our spans).
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { startTracing } from '@eshop/tracing';

startTracing({ serviceName: 'bench' });

// Every app binds each HTTP request's logger in the process's one AsyncLocalStorage (the
// OpenTelemetry context manager startTracing registers in every mode), which turns Node's
// async context tracking on for the whole process (probes reach every app within seconds of
// its start). The bench process gets the same in every mode, so tracing is charged only for
// what it adds to an app, not for the context tracking the apps pay with tracing off too.
context.with(ROOT_CONTEXT, () => undefined);
