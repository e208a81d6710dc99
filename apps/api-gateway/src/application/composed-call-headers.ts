/**
 * The client's headers for a call the gateway composes itself (an aggregation): without the
 * client's body and conditional headers. They described the client's request, not this one:
 * a client's `If-None-Match` on a read the gateway needs the body of would get it a 304.
 */
export function composedCallHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const { 'content-type': _contentType, 'if-none-match': _ifNoneMatch, ...rest } = headers;
  return rest;
}
