import { nameBasedUuid } from './name-based-uuid';
import { decidePayment, paymentResultId, refundId } from './payment';

describe('name-based uuid (v5)', () => {
  it('matches the RFC algorithm (reference values from Python uuid.uuid5)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('refuses a namespace that is not a uuid', () => {
    expect(() => nameBasedUuid('nope', 'x')).toThrow('not a uuid: nope');
  });
});

describe('payment decision', () => {
  it('follows the policy', () => {
    expect(decidePayment({ succeeds: true })).toBe('succeeded');
    expect(decidePayment({ succeeds: false })).toBe('failed');
  });

  it('gives an order one result id per outcome, the same on every computation', () => {
    expect(paymentResultId(42, 'succeeded')).toBe('747f35b3-0227-5ffb-8a1e-08b99b95f249');
    expect(paymentResultId(42, 'succeeded')).toBe(paymentResultId(42, 'succeeded'));
    expect(paymentResultId(42, 'failed')).not.toBe(paymentResultId(42, 'succeeded'));
    expect(paymentResultId(43, 'succeeded')).not.toBe(paymentResultId(42, 'succeeded'));
  });

  it('gives an order one refund id, apart from its result ids', () => {
    expect(refundId(42)).toBe(refundId(42));
    expect(refundId(42)).not.toBe(paymentResultId(42, 'succeeded'));
    expect(refundId(43)).not.toBe(refundId(42));
  });
});
