import { toBasketLine } from './basket-line';

const tent = { id: 7, name: 'Ridge Tent 2P', price: 249.9, pictureFileName: 'ridge tent.webp', version: 4 };

describe('toBasketLine', () => {
  it("takes name, price, picture and version from catalog and the quantity from the client", () => {
    expect(toBasketLine(tent, 2, 'https://cdn.example/pictures/')).toEqual({
      productId: 7,
      quantity: 2,
      productName: 'Ridge Tent 2P',
      unitPrice: 249.9,
      pictureUrl: 'https://cdn.example/pictures/ridge%20tent.webp',
      version: 4,
    });
  });

  it('leaves the picture URL empty when catalog has no picture', () => {
    expect(toBasketLine({ ...tent, pictureFileName: '' }, 1, '/pictures').pictureUrl).toBe('');
  });
});
