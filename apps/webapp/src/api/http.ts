import { ApiError, parseFieldErrors } from './api-error';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * JSON over the gateway's origin. The browser sends the session cookie by itself (it never
 * sees a token: docs/adr/0012); writes carry the session's CSRF token in `x-csrf-token`.
 * Every non-2xx answer becomes an ApiError.
 */
export class Http {
  private csrfToken: string | undefined;

  constructor(private readonly fetchFn: FetchLike) {}

  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>(method, path, body, headers);
  }

  private async request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchFn(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'no answer from the shop');
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 202 || response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof fields['message'] === 'string' ? fields['message'] : response.statusText || `HTTP ${response.status}`;
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  const fieldErrors = response.status === 400 ? parseFieldErrors(message) : {};
  return new ApiError(response.status, message, code, fieldErrors);
}
