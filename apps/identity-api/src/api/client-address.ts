import type { IncomingMessage } from 'node:http';

/**
 * The address brute-force limits count against. Behind a trusted proxy (IDENTITY_TRUST_PROXY)
 * it is the last X-Forwarded-For entry, the one our own proxy appended: earlier entries
 * come from the client and could be anything. Otherwise the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
  const last = list.map((entry) => entry.trim()).filter((entry) => entry !== '').pop();
  return last ?? peer;
}

/** What the sign-in pages need from configuration (bound by the composition root). */
export interface InteractionSettings {
  readonly trustProxy: boolean;
}

export const INTERACTION_SETTINGS = Symbol('INTERACTION_SETTINGS');
