import { controlCharacterPaths, hasControlCharacter } from './control-characters';

describe('control characters', () => {
  it.each(['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'])('finds %j', (character) => {
    expect(hasControlCharacter(`a${character}b`)).toBe(true);
  });

  it('lets ordinary text through, accents and emoji included', () => {
    expect(hasControlCharacter('Zoë’s «mug» — 10 € 🎁')).toBe(false);
  });

  it('names the path of every string holding one', () => {
    const event = { userName: 'ok', basket: { items: [{ productName: 'fine' }, { productName: 'bad\u0000' }] }, city: '\n' };
    expect(controlCharacterPaths(event)).toEqual(['basket.items.1.productName', 'city']);
  });
});
