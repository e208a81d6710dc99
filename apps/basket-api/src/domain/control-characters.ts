/**
 * C0 controls (NUL, tab, line breaks…), DEL and the C1 controls: nothing a name, an address
 * line or a card holder holds. Ordering's database refuses NUL outright, so a checkout that
 * carried one would be accepted here and then fail there for good.
 */
export function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** The path of every string inside `value` that holds a control character, e.g. `basket.items.0.productName`. */
export function controlCharacterPaths(value: unknown, path: readonly string[] = []): string[] {
  if (typeof value === 'string') return hasControlCharacter(value) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((entry, index) => controlCharacterPaths(entry, [...path, String(index)]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, entry]) => controlCharacterPaths(entry, [...path, key]));
  }
  return [];
}
