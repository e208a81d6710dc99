import { chargeOnStockConfirmed, refundOnCancelled, type Payment } from './payment-ledger';

const succeeds = { succeeds: true };
const row = (state: Payment['state'], amountCents = 5_997): Payment => ({ orderId: 9, amountCents, state });

describe('payment ledger', () => {
  it('charges an unknown order its total, or records the decline with nothing taken', () => {
    expect(chargeOnStockConfirmed(null, 9, 5_997, succeeds)).toEqual({ kind: 'charge', outcome: 'succeeded', payment: row('charged') });
    expect(chargeOnStockConfirmed(null, 9, 5_997, { succeeds: false })).toEqual({
      kind: 'charge',
      outcome: 'failed',
      payment: row('declined', 0),
    });
  });

  it.each(['charged', 'declined', 'refunded', 'cancelled-before-charge'] as const)(
    'charges nothing for an order already %s',
    (state) => {
      expect(chargeOnStockConfirmed(row(state), 9, 5_997, succeeds)).toEqual({
        kind: 'none',
        reason: `order 9 is already ${state}`,
      });
    },
  );

  it('refunds a charged order the amount it charged', () => {
    expect(refundOnCancelled(row('charged'), 9)).toEqual({ kind: 'refund', payment: row('refunded') });
  });

  it('remembers an order cancelled before any charge', () => {
    expect(refundOnCancelled(null, 9)).toEqual({ kind: 'remember', payment: row('cancelled-before-charge', 0) });
  });

  it.each(['declined', 'refunded', 'cancelled-before-charge'] as const)('refunds nothing for an order %s', (state) => {
    expect(refundOnCancelled(row(state), 9)).toEqual({ kind: 'none', reason: `order 9 is ${state}: nothing to refund` });
  });
});
