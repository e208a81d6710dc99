import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  it('escapes the characters that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('escapes interpolated strings but keeps already-built fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"onmouseover="x'}">${inner}${[new SafeHtml('<br>')]}</p>`.value).toBe(
      '<p title="&quot;onmouseover=&quot;x"><b>&lt;i&gt;</b><br></p>',
    );
  });
});
