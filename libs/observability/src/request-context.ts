import { context, createContextKey, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { Logger } from 'pino';

/**
 * The process's one AsyncLocalStorage: OpenTelemetry's context manager, registered whether
 * tracing is on or not. It carries the trace context (with tracing on) and the request's
 * logger (always). Each enabled AsyncLocalStorage makes Node copy its store onto every new
 * promise and async resource; nestjs-pino kept a second one for its logger alone, and without
 * it what tracing at ratio 0.0 adds to a gateway request fell by half, 77 k to 39 k
 * instructions (docs/adr/0016, decision 9).
 *
 * The manager lives on `globalThis`, as the OpenTelemetry API's own globals do: a process may
 * hold two copies of this module (a bench preload bundled apart from the app it measures).
 */
const STATE = Symbol.for('@eshop/observability/context-manager');

interface ManagerState {
  readonly manager: AsyncLocalStorageContextManager;
  /** Handed to the SDK or registered with the API: nobody registers it twice. */
  taken: boolean;
}

function state(): ManagerState {
  const registry = globalThis as { [STATE]?: ManagerState };
  registry[STATE] ??= { manager: new AsyncLocalStorageContextManager(), taken: false };
  return registry[STATE];
}

/** The manager for the tracing SDK to register (startTracing), instead of a second one of its own. */
export function processContextManager(): ContextManager {
  const current = state();
  current.taken = true;
  return current.manager;
}

/**
 * Registers the process's context manager with the OpenTelemetry API unless the SDK (or an
 * earlier call) already has. If another manager was registered first (a test's own tracer
 * provider), that one stays in charge and carries the request's logger as well.
 */
export function installContextManager(): void {
  const current = state();
  if (current.taken) return;
  current.taken = true;
  if (!context.setGlobalContextManager(current.manager.enable())) current.manager.disable();
}

const REQUEST_LOGGER = createContextKey('@eshop/observability/request-logger');

/** Runs `next` (the rest of the request's handling) with `logger` as the request's logger. */
export function withRequestLogger<T>(logger: Logger, next: () => T): T {
  return context.with(context.active().setValue(REQUEST_LOGGER, logger), next);
}

/** The logger of the request being handled (pino-http's child, with its id), if any. */
export function requestLogger(): Logger | undefined {
  return context.active().getValue(REQUEST_LOGGER) as Logger | undefined;
}
