import { normaliseLines, stockItems, totalCents, type OrderLine, type StockItem } from './order-lines';
import { InvalidOrderError, OrderStatusTransitionError } from './order.errors';
import { canMove, type OrderStatus } from './order-status';

export interface Address {
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly zipCode: string;
}

export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: Date;
  /** Why the order was cancelled (the saga's compensation or the buyer). */
  readonly reason?: string;
}

export interface NewOrder {
  readonly buyerId: string;
  readonly buyerName: string;
  readonly address: Address;
  readonly lines: readonly OrderLine[];
}

/** Everything an order is, as stored; `id` is absent until the order is saved. */
export interface OrderSnapshot extends NewOrder {
  readonly id: number | undefined;
  readonly status: OrderStatus;
  readonly orderDate: Date;
  /** The last cancellation reason, as eShop's `Description`. */
  readonly description: string | undefined;
  readonly history: readonly StatusChange[];
  /** What payment gave back after the order was cancelled (OrderPaymentRefunded), in cents. */
  readonly refundedCents: number;
}

/**
 * The Order aggregate: buyer, address, lines and a status that moves only along
 * ORDER_TRANSITIONS. Every move appends to the status history; a forbidden move throws
 * OrderStatusTransitionError and changes nothing. Plain TypeScript: no framework, no I/O.
 */
export class Order {
  private constructor(
    private state: OrderSnapshot,
    /** History entries already stored; the rest are new since loading. */
    private storedHistory: number,
  ) {}

  static submit(order: NewOrder, at: Date = new Date()): Order {
    const lines = normaliseLines(order.lines);
    const history = [{ status: 'submitted' as const, at }];
    return new Order(
      { ...order, lines, id: undefined, status: 'submitted', orderDate: at, description: undefined, history, refundedCents: 0 },
      0,
    );
  }

  static rehydrate(snapshot: OrderSnapshot): Order {
    return new Order(snapshot, snapshot.history.length);
  }

  get id(): number | undefined {
    return this.state.id;
  }

  /** The order's number, for what can only speak of a saved order (its events). */
  savedId(): number {
    if (this.state.id === undefined) throw new Error('the order is not saved yet: it has no number');
    return this.state.id;
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  get buyerId(): string {
    return this.state.buyerId;
  }

  get buyerName(): string {
    return this.state.buyerName;
  }

  get totalCents(): number {
    return totalCents(this.state.lines);
  }

  get refundedCents(): number {
    return this.state.refundedCents;
  }

  get stockItems(): StockItem[] {
    return stockItems(this.state.lines);
  }

  snapshot(): OrderSnapshot {
    return this.state;
  }

  /** Called once the order has its number (the database assigns it). */
  saved(id: number): void {
    this.state = { ...this.state, id };
    this.storedHistory = this.state.history.length;
  }

  /** Status changes not stored yet, oldest first; marks them stored. */
  takeNewStatusChanges(): StatusChange[] {
    const fresh = this.state.history.slice(this.storedHistory);
    this.storedHistory = this.state.history.length;
    return fresh;
  }

  /** The grace period is over: stock validation starts. */
  confirmGracePeriod(at: Date = new Date()): void {
    this.move('awaitingvalidation', at);
  }

  confirmStock(at: Date = new Date()): void {
    this.move('stockconfirmed', at);
  }

  markPaid(at: Date = new Date()): void {
    this.move('paid', at);
  }

  ship(at: Date = new Date()): void {
    this.move('shipped', at);
  }

  /** The compensation of the saga, or the buyer's cancel: only before payment. */
  cancel(reason: string, at: Date = new Date()): void {
    this.move('cancelled', at, reason);
  }

  /**
   * Payment gave money back. A fact reported by payment, recorded whatever the status: payment
   * refunds only after OrderStatusChangedToCancelled, and a cancelled order never moves again,
   * so in practice the order is cancelled (docs/adr/0013-payment-ledger-and-refunds.md).
   */
  recordRefund(cents: number): void {
    if (!Number.isSafeInteger(cents) || cents < 0) throw new InvalidOrderError(`amount: not a refundable amount: ${cents}`);
    this.state = { ...this.state, refundedCents: this.state.refundedCents + cents };
  }

  private move(to: OrderStatus, at: Date, reason?: string): void {
    const from = this.state.status;
    if (!canMove(from, to)) throw new OrderStatusTransitionError(this.state.id, from, to);
    const change: StatusChange = reason === undefined ? { status: to, at } : { status: to, at, reason };
    this.state = {
      ...this.state,
      status: to,
      description: reason ?? this.state.description,
      history: [...this.state.history, change],
    };
  }
}
