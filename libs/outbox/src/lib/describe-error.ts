/** `Name: message` of an error (or the thrown value as text), cut to `max` characters for logs and rows. */
export function describeError(error: unknown, max = 1_000): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
