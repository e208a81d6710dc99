import type { Buyer } from '@eshop/auth';
import type { IntegrationEventMap, UserCheckoutAcceptedIntegrationEvent } from '@eshop/contracts';
import type { EventBus } from '@eshop/event-bus';
import type { CheckoutRepositoryPort } from '../application/checkout-repository.port';
import { type CheckoutBasketUseCase } from '../application/checkout-basket.use-case';
import { checkoutAddress } from './bad-input.cases';

// The moving parts of the checkout interleaving test: a seeded RNG, a bus whose publishes
// the schedule settles (or never settles: a crash), and the checkout repository with a gate
// before its last step, so that every step of a checkout can interleave with the others.

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: Error) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

export type FlightStage = 'taking' | 'publishing' | 'finishing' | 'done' | 'crashed';

/** One checkout request on its way through take → publish → mark published / give back. */
export class Flight {
  stage: FlightStage = 'taking';
  event: UserCheckoutAcceptedIntegrationEvent | undefined;
  publish: Deferred | undefined;
  gate: Deferred | undefined;
  /** The broker took the event (confirmed, or arrived before a crash). */
  delivered = false;
  private stop = new Deferred();
  outcome = 'pending';
  readonly result: Promise<void>;

  constructor(
    readonly buyer: string,
    readonly requestId: string,
    readonly startedAt: number,
    run: (flight: Flight) => Promise<string>,
  ) {
    this.result = run(this).then(
      (outcome) => void (this.outcome = outcome),
      (error: unknown) => void (this.outcome = (error as { code?: string }).code ?? String(error)),
    ).finally(() => (this.stage = this.stage === 'crashed' ? 'crashed' : 'done'));
  }

  /** Call before letting the flight go on: resolves when it next waits on the schedule or ends. */
  arm(): Promise<void> {
    this.stop = new Deferred();
    return Promise.race([this.stop.promise, this.result]);
  }

  /** The flight waits on the schedule (a publish or the gate). */
  arrive(): void {
    this.stop.resolve();
  }
}

/**
 * Finds the flight a bus publish (the one taking) or a repository call (the one publishing)
 * belongs to: retries of a request id are other flights with the same key.
 */
export class Flights {
  private readonly all: Flight[] = [];

  start(flight: Flight): void {
    this.all.push(flight);
  }

  of(buyer: string, requestId: string, stage: FlightStage): Flight {
    const flight = this.all.find((f) => f.buyer === buyer && f.requestId === requestId && f.stage === stage);
    if (!flight) throw new Error(`no ${stage} flight for ${buyer} ${requestId}`);
    return flight;
  }
}

/** The broker: a publish resolves or rejects when the schedule says so. */
export function scheduledBus(flights: Flights): EventBus<IntegrationEventMap> {
  return {
    publish: (_name, event) => {
      const checkout = event as UserCheckoutAcceptedIntegrationEvent;
      const flight = flights.of(checkout.userId, checkout.requestId, 'taking');
      flight.stage = 'publishing';
      flight.event = checkout;
      flight.publish = new Deferred();
      flight.arrive();
      return flight.publish.promise;
    },
    subscribe: () => Promise.resolve(),
  };
}

/** The real repository; markPublished and giveBack wait until the schedule opens the gate. */
export function gatedCheckouts(real: CheckoutRepositoryPort, flights: Flights): CheckoutRepositoryPort {
  const gated = async (buyer: string, requestId: string, step: () => Promise<void>) => {
    const flight = flights.of(buyer, requestId, 'publishing');
    flight.stage = 'finishing';
    flight.gate = new Deferred();
    flight.arrive();
    await flight.gate.promise;
    await step();
  };
  return {
    take: (...args) => real.take(...args),
    complete: (...args) => real.complete(...args),
    returnExpired: (...args) => real.returnExpired(...args),
    markPublished: (buyer, requestId) => gated(buyer, requestId, () => real.markPublished(buyer, requestId)),
    giveBack: (buyer, requestId) => gated(buyer, requestId, () => real.giveBack(buyer, requestId)),
  };
}

/** Starts a checkout through the real use case; resolves once it waits on the schedule or ended. */
export async function startCheckout(
  useCase: CheckoutBasketUseCase,
  flights: Flights,
  buyer: Buyer,
  requestId: string,
  now: number,
): Promise<Flight> {
  const flight = new Flight(buyer.id, requestId, now, () => useCase.execute(buyer, requestId, checkoutAddress));
  flights.start(flight);
  await flight.arm();
  return flight;
}
