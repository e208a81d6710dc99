// The first import of main.ts: the instrumentations must patch http, pg, amqplib, ioredis…
// before those load. Without OTEL_EXPORTER_OTLP_ENDPOINT this loads no SDK and exports nothing.
import { startTracing } from '@eshop/tracing';

startTracing({ serviceName: 'payment-api' });
