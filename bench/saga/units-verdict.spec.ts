import { unitsVerdict } from './units-verdict';

const units = (entries: Array<[number, number]>) => new Map(entries);

describe('unitsVerdict', () => {
  it('is "same" when the order holds exactly the units checked out', () => {
    expect(unitsVerdict({ units: units([[1, 2], [3, 1]]), lostAdds: units([]) }, units([[3, 1], [1, 2]]))).toBe('same');
  });

  it('allows more units of a product only up to its adds whose answer was lost', () => {
    const checkout = { units: units([[1, 2]]), lostAdds: units([[1, 1], [5, 1]]) };
    expect(unitsVerdict(checkout, units([[1, 3]]))).toBe('late adds');
    expect(unitsVerdict(checkout, units([[1, 2], [5, 1]]))).toBe('late adds');
    expect(unitsVerdict(checkout, units([[1, 4]]))).toBe('wrong');
    expect(unitsVerdict(checkout, units([[1, 2], [5, 2]]))).toBe('wrong');
  });

  it('never allows fewer units, nor units of a product without a lost add', () => {
    expect(unitsVerdict({ units: units([[1, 2]]), lostAdds: units([[1, 1]]) }, units([[1, 1]]))).toBe('wrong');
    expect(unitsVerdict({ units: units([[1, 2]]), lostAdds: units([[1, 1]]) }, units([]))).toBe('wrong');
    expect(unitsVerdict({ units: units([[1, 2]]), lostAdds: units([]) }, units([[1, 2], [7, 1]]))).toBe('wrong');
  });
});
