import type { ServerResponse } from 'node:http';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that goes into a page goes through here (text and attribute values alike). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** A tagged template that escapes its values; `SafeHtml` values (already built) pass as they are. */
export class SafeHtml {
  constructor(readonly value: string) {}
}

export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<string | SafeHtml | ReadonlyArray<SafeHtml>>): SafeHtml {
  const out = strings.reduce((text, part, index) => {
    const value = values[index - 1];
    return text + render(value) + part;
  });
  return new SafeHtml(out);
}

function render(value: string | SafeHtml | ReadonlyArray<SafeHtml> | undefined): string {
  if (value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  return value.map((item) => item.value).join('');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}[role=alert]{border:2px solid #b00020;padding:.5rem 1rem;color:#b00020}`;

/** A whole page: lang, title, no caching, no framing, no scripts. */
export function sendPage(res: ServerResponse, status: number, title: string, body: SafeHtml): void {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · eShop</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(page.value);
}
