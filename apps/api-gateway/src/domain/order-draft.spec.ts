import { EmptyBasketError } from './gateway.errors';
import { draftOfBasket, type BasketLine } from './order-draft';

const line = (productId: number, unitPrice: number, quantity: number): BasketLine => ({
  productId,
  productName: `product ${productId}`,
  unitPrice,
  quantity,
  pictureUrl: `/pictures/${productId}.webp`,
});

describe('draftOfBasket', () => {
  it("lists the basket's lines as order lines and sums them in cents", () => {
    // As floats, 0.1 × 3 + 19.99 × 2 is 40.279999999999994.
    expect(draftOfBasket([line(5, 0.1, 3), line(4, 19.99, 2)])).toEqual({
      items: [
        { productId: 5, productName: 'product 5', unitPrice: 0.1, units: 3, pictureUrl: '/pictures/5.webp' },
        { productId: 4, productName: 'product 4', unitPrice: 19.99, units: 2, pictureUrl: '/pictures/4.webp' },
      ],
      total: 40.28,
    });
  });

  it('refuses an empty basket with a 400-kind error naming the basket', () => {
    expect(() => draftOfBasket([])).toThrow(EmptyBasketError);
    expect(() => draftOfBasket([])).toThrow(expect.objectContaining({ code: 'BASKET_EMPTY', kind: 'invalid', message: expect.stringMatching(/^basket: /) }));
  });
});
