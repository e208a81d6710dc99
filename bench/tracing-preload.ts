// Loaded with `node --require` before a bench script (bench/tracing-overhead.ts): starts
// tracing from the OTEL_* variables exactly as an app's instrument.ts does, so the bench's
// pg, ioredis and bus code run instrumented. Without OTEL_EXPORTER_OTLP_ENDPOINT: nothing.
// This preload is bundled apart from the bench: the handle startTracing keeps on globalThis
// is what lets the bench's own copy of @eshop/tracing see the SDK (and record our spans).
import { startTracing } from '@eshop/tracing';

startTracing({ serviceName: 'bench' });
