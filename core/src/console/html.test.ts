import { describe, expect, it } from 'vitest';
import { html, raw } from './html.js';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('keeps nested Html and trusted markup as they are, and drops null, undefined and false', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`${[inner, raw('<br>'), null, undefined, false, 0]}`.text).toBe('<b>a&lt;b</b><br>0');
  });
});
