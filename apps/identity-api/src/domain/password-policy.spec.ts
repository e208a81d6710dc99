import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts the demo password', () => {
    expect(passwordProblems('Pass123$', 'alice@example.com')).toEqual([]);
  });

  it('refuses passwords shorter than 8 characters (counting code points)', () => {
    expect(passwordProblems('short', 'a@example.com')).toEqual(['Password must have at least 8 characters.']);
    expect(passwordProblems('😀😀😀😀', 'a@example.com')).toHaveLength(1);
  });

  it('refuses passwords longer than 128 characters', () => {
    expect(passwordProblems('x'.repeat(129), 'a@example.com')).toEqual(['Password must have at most 128 characters.']);
  });

  it('refuses the email address as password, whatever its case', () => {
    expect(passwordProblems('Alice@Example.com', 'alice@example.com')).toEqual(['Password must not be your email address.']);
  });
});
