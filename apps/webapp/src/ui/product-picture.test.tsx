import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { initials, nameHash, ProductPicture, shapeFor } from './product-picture';

describe('ProductPicture', () => {
  it('is an image named by the product', () => {
    render(<ProductPicture name="Basecamp 2 Tent — Green" typeName="Tents" />);
    const picture = screen.getByRole('img', { name: 'Basecamp 2 Tent — Green' });
    expect(picture.tagName.toLowerCase()).toBe('svg');
    expect(picture.textContent).toBe('B2');
  });

  it('draws the same picture for the same name, different colours for different names', () => {
    expect(nameHash('Trail Mug')).toBe(nameHash('Trail Mug'));
    expect(nameHash('Trail Mug') % 360).not.toBe(nameHash('Trail Mugs') % 360);
  });

  it('takes the initials of words, and an icon per type', () => {
    expect(initials('  insulated trail mug')).toBe('IT');
    expect(initials('<img src=x onerror=alert(1)>')).toBe('IS');
    expect(shapeFor('Tents')).toBe('tent');
    expect(shapeFor('Camp Kitchen')).toBe('mug');
    expect(shapeFor(undefined)).toBe('box');
  });
});
