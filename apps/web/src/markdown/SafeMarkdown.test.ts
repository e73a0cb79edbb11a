import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeMarkdown, safeMarkdownUrl } from './SafeMarkdown';

const SHA = 'a'.repeat(64);
const draw = (text: string, assetBase?: string) =>
  renderToStaticMarkup(createElement(SafeMarkdown, { text, assetBase }));

describe('SafeMarkdown', () => {
  it('draws ordinary markdown', () => {
    const html = draw('# Title\n\n**bold** and _it_\n\n- one\n- two');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>one</li>');
  });

  it.each([
    '<script>window.__pwned=1</script>',
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"></svg>',
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    '<a href="javascript:window.__pwned=1">x</a>',
    '<div style="background:url(javascript:1)">x</div>',
  ])('keeps raw HTML as text: %s', (payload) => {
    const html = draw(`before ${payload} after`);
    expect(html).not.toMatch(/<(script|img|svg|iframe|a|div style)\b/i);
    expect(html).toContain('&lt;');
  });

  it.each([
    '[click](javascript:window.__pwned=1)',
    '[click](JaVaScRiPt:window.__pwned=1)',
    '[click]( javascript:window.__pwned=1)',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox)',
    '[click](//evil.example/x)',
    '<javascript:window.__pwned=1>',
    '[click][ref]\n\n[ref]: javascript:window.__pwned=1',
  ])('drops unsafe link targets: %s', (markdown) => {
    const html = draw(markdown);
    // The link's text stays (as text); no element points anywhere.
    expect(html).not.toContain('href=');
    expect(html).toContain('mt-md-dead-link');
  });

  it('opens web links in a new tab that learns nothing of the app', () => {
    const html = draw('[rules](https://example.org/srd)');
    expect(html).toContain('href="https://example.org/srd"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('target="_blank"');
  });

  it('shows only the table’s own asset images, from the relay', () => {
    expect(draw(`![map](asset:${SHA})`, 'http://127.0.0.1:8080/')).toContain(
      `src="http://127.0.0.1:8080/assets/${SHA}"`,
    );
    // Outside images would make every reader's browser call a stranger's server.
    const outside = draw('![tracker](https://evil.example/pixel.png)', 'http://127.0.0.1:8080');
    expect(outside).not.toContain('<img');
    expect(outside).not.toContain('evil');
    expect(outside).toContain('[tracker]');
    // Without a relay to fetch from, an asset image is its alt text.
    expect(draw(`![map](asset:${SHA})`)).toContain('[map]');
  });
});

describe('SafeMarkdown with GitHub’s extensions', () => {
  it('draws tables, strikethrough and task lists', () => {
    const html = draw(
      '| Level | Effect |\n|---|---|\n| 1 | Disadvantage |\n\n~~gone~~\n\n- [x] done',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<td>Disadvantage</td>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('type="checkbox"');
  });

  it('links bare web addresses, and only those', () => {
    expect(draw('see https://example.org/srd')).toContain('href="https://example.org/srd"');
    const html = draw('try javascript:window.__pwned=1 or www.example.org');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="http://www.example.org"');
  });

  it('keeps raw HTML in a table cell as text', () => {
    const html = draw('| a |\n|---|\n| <img src=x onerror=alert(1)> |');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img');
  });
});

describe('safeMarkdownUrl', () => {
  it('keeps the allowed forms and nothing else', () => {
    expect(safeMarkdownUrl('https://a.example', 'href')).toBe('https://a.example');
    expect(safeMarkdownUrl('mailto:gm@example.org', 'href')).toBe('mailto:gm@example.org');
    expect(safeMarkdownUrl('#/c/abc', 'href')).toBe('#/c/abc');
    expect(safeMarkdownUrl('relative/path', 'href')).toBe('');
    expect(safeMarkdownUrl('https://a.example/x.png', 'src')).toBe('');
    expect(safeMarkdownUrl(`asset:${SHA}`, 'src')).toBe(`asset:${SHA}`);
  });
});
