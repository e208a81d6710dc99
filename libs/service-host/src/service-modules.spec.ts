import { subscriberQueuesFor } from './service-modules';

describe('subscriberQueuesFor', () => {
  it('names the contract queues after the service names in production', () => {
    const queues = subscriberQueuesFor('catalog-api');
    expect(queues).toContainEqual({ queue: 'basket-api', events: ['ProductPriceChangedIntegrationEvent', 'OrderStartedIntegrationEvent'] });
    expect(queues.map(({ queue }) => queue).sort()).toEqual(['basket-api', 'catalog-api', 'ordering-api', 'payment-api']);
  });

  it("follows a per-run prefix of the process' own queue", () => {
    const queues = subscriberQueuesFor('test_1a2b.ordering-api');
    expect(queues.map(({ queue }) => queue).sort()).toEqual([
      'test_1a2b.basket-api',
      'test_1a2b.catalog-api',
      'test_1a2b.ordering-api',
      'test_1a2b.payment-api',
    ]);
  });

  it('declares nothing when its own queue name gives no prefix to follow', () => {
    expect(subscriberQueuesFor('my-custom-queue')).toEqual([]);
  });
});
