import type { IncomingMessage } from 'node:http';

const LIMIT_BYTES = 16 * 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body (the sign-in forms). Parsed here and
 * not by an app-wide parser, which would also consume the provider's own /token bodies.
 * Anything else, or more than 16 KB, is an empty form.
 */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES) return {};
    chunks.push(chunk);
  }
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    form[name] ??= value;
  }
  return form;
}
