import { cancellationStep, paymentStep, type ReservationState } from './stock-reservation';

describe('stock reservation steps', () => {
  const record = (state: ReservationState) => ({ orderId: 1, state, lines: [{ productId: 2, units: 3 }] });

  it.each<[ReservationState, 'release' | 'record' | 'ignore', 'convert' | 'ignore']>([
    ['reserved', 'release', 'convert'],
    ['rejected', 'record', 'ignore'],
    ['released', 'ignore', 'ignore'],
    ['cancelled', 'ignore', 'ignore'],
    ['taken', 'ignore', 'ignore'],
  ])('%s: a cancellation does %s, a payment does %s', (state, onCancel, onPaid) => {
    expect(cancellationStep(record(state))).toBe(onCancel);
    expect(paymentStep(record(state))).toBe(onPaid);
  });
});
