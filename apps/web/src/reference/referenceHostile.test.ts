/**
 * A hostile module's reference pages (issue 13): a fixture module whose reference is every XSS
 * payload of tests/support/xssPayloads.ts, in headings and body, is accepted as a module, read
 * into pages as the reference panel reads it, and drawn by the panel's renderer (SafeMarkdown)
 * into markup with no live element. The e2e tests cannot serve such a module (the app carries
 * only the game systems bundled at build time), so this is where a module's own text is checked.
 */
import { createModuleBundle, moduleFilesFromText } from '@meshtable/sandbox';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS } from '../../../../tests/support/xssPayloads';
import { SafeMarkdown } from '../markdown/SafeMarkdown';
import { referencePagesOf } from './referencePages';

const PAGE = [
  '# Hostile <img src=x onerror="window.__pwned=\'title\'">',
  ...XSS_PAYLOADS.flatMap((payload, i) => [`## Section ${i} ${payload.split('\n')[0]}`, payload]),
].join('\n\n');

const FILES = {
  'module.json': JSON.stringify({
    id: 'hostile-reference',
    name: 'Hostile reference',
    version: '1.0.0',
    api: 1,
    entry: 'rules.js',
    reference: ['reference/hostile.md'],
  }),
  'rules.js': 'exports.derive = function (actor) { return {}; };',
  'reference/hostile.md': PAGE,
};

/** An attribute's value as the browser reads it: numeric character references decoded. */
function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&colon;/gi, ':');
}

/** Every start tag of the markup with the attributes that would make it live. */
function liveParts(html: string): string[] {
  const live: string[] = [];
  for (const [, tag = '', attributes = ''] of html.matchAll(/<([a-z][a-z0-9]*)([^>]*)>/gi)) {
    if (/^(script|iframe|frame|object|embed|base|meta|style|svg|math|img)$/i.test(tag)) {
      live.push(tag);
    }
    for (const [, name = '', value = ''] of attributes.matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
      if (/^on/i.test(name)) live.push(`${tag}[${name}]`);
      const url = [...decodeEntities(value)].filter((c) => c.charCodeAt(0) > 0x20).join('');
      if (
        /^(href|src|action|formaction)$/i.test(name) &&
        /^(javascript|vbscript|data):/i.test(url)
      ) {
        live.push(`${tag}[${name}=${value}]`);
      }
    }
  }
  return live;
}

describe('a hostile module’s reference pages', () => {
  it('are accepted as a module, and drawn with nothing live', () => {
    const bundle = createModuleBundle(moduleFilesFromText(FILES));
    const { pages, missing } = referencePagesOf(FILES, bundle.manifest.reference);
    expect(missing).toEqual([]);
    expect(pages).toHaveLength(1);
    const [page] = pages;
    // A section a payload (the page's intro before them is one more).
    expect(page?.sections.length).toBeGreaterThanOrEqual(XSS_PAYLOADS.length);
    const html = renderToStaticMarkup(createElement(SafeMarkdown, { text: page?.body ?? '' }));
    // The payloads are on the page, as text.
    expect(html).toContain('&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;');
    expect(liveParts(html)).toEqual([]);
  });

  it('has a check that sees a live element (so that it can fail)', () => {
    expect(liveParts('<p><a href="jav&#x61;script:x" onclick="y">z</a><img src="x"></p>')).toEqual([
      'a[href=jav&#x61;script:x]',
      'a[onclick]',
      'img',
    ]);
  });
});
