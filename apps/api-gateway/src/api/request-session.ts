import type { IncomingMessage } from 'node:http';

/** The browser session an /api request was authorised by. */
export interface RequestSession {
  readonly id: string;
  /** False once the session is gone (signed out on any instance, or expired). */
  stillSignedIn(): Promise<boolean>;
}

const sessions = new WeakMap<IncomingMessage, RequestSession>();

/** SessionAuthenticationGuard records the session it put the token of; gone with the request. */
export function bindSession(request: IncomingMessage, session: RequestSession): void {
  sessions.set(request, session);
}

/** The session behind a request, when a session cookie (not a bearer token) authorised it. */
export function sessionOf(request: IncomingMessage): RequestSession | undefined {
  return sessions.get(request);
}
