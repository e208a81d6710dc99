/**
 * The launcher's first line: where the shop is. The gateway serves the storefront's build
 * (dist/apps/webapp, written by `npm run build:webapp`, part of `npm run build`); it is
 * asked rather than the folder checked, so the line is right whatever WEBAPP_DIR says.
 */
export type StorefrontState = 'served' | 'not-built' | 'unknown';

/** What the gateway answers a browser asking for `/`: 200 the page, 503 no build. */
export async function storefrontState(gatewayPort: number): Promise<StorefrontState> {
  try {
    const response = await fetch(`http://127.0.0.1:${gatewayPort}/`, { headers: { accept: 'text/html' } });
    await response.body?.cancel();
    if (response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/html')) return 'served';
    return response.status === 503 ? 'not-built' : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function storefrontLine(gatewayPort: number, state: StorefrontState): string {
  const url = `http://localhost:${gatewayPort}/`;
  if (state === 'served') return `Storefront: ${url}`;
  if (state === 'not-built') return `Storefront: ${url} is not built: run npm run build:webapp (npm start builds it), then reload`;
  return `Storefront: ${url} (the gateway did not serve it; see its log above)`;
}
