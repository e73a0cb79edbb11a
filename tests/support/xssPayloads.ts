/**
 * The XSS payloads every e2e test types into user-editable text (chat, names, handouts, sheet
 * fields, scene and token names, module reference pages), and the check that none ran.
 *
 * Each payload, if it ever ran, would set `window.__pwned` (to a word naming the payload), open a
 * dialog, or put a live element (an event handler attribute, a script, a frame, a javascript:
 * link) in the page; the app's CSP would also report the attempt. {@link xssTrouble} looks for
 * all of these but the dialog and the CSP report, which the tests catch through Playwright's
 * `dialog` event and tests/support/chromium.ts's page trouble.
 */
import type { Page } from 'playwright-core';

/** The window property a payload sets if it runs. */
export const XSS_FLAG = '__pwned';

/**
 * Payloads for Markdown and plain text alike, one trick each: HTML script and event handlers,
 * javascript: URLs however spelled (entities, angle brackets, reference links, autolinks, images),
 * data: URLs, SVG, frames, CSS that fetches or scripts, and a dialog.
 * The first stays first: tests look for it verbatim as shown text.
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link")',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  '[angle](<javascript:window.__pwned="angle">) and <javascript:window.__pwned="autolink">',
  '[entity](jav&#x61;script:window.__pwned="entity") [data](data:text/html,<script>window.__pwned="data"</script>)',
  '![img](javascript:window.__pwned="image") [ref][r]\n\n[r]: javascript:window.__pwned="reference"',
  '<a href="javascript:window.__pwned=\'anchor\'">anchor</a> <iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
  '<div style="background:url(javascript:window.__pwned=\'css\')">css</div><style>@import "javascript:window.__pwned=\'style\'";</style>',
  '"><img src=x onerror=alert(1)>\'><svg/onload=alert(2)>',
  '<details open ontoggle="window.__pwned=\'details\'">x</details><math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '[x](JaVaScRiPt:window.__pwned="case") [y](\tjavascript:window.__pwned="tab") [z](vbscript:msgbox(1))',
];

/** A display name that is itself a payload: shown as text, it must never become an element. */
export const XSS_NAME = 'Bob<img src=x onerror="window.__pwned=\'name\'">';

/** What {@link xssTrouble} found in a page: all empty when nothing ran and nothing is live. */
export interface XssTrouble {
  /** `window.__pwned`, or null if no payload ran. */
  readonly flag: unknown;
  /** Elements a payload made live: `tag[attribute]` for each. */
  readonly live: readonly string[];
}

/**
 * Looks in a page for what a payload that ran, or could run, would leave: the flag, any element
 * with an inline event handler, a script or frame in the body, a link or frame to a javascript:,
 * vbscript: or data: URL, a `<base>` or refreshing `<meta>`.
 */
export async function xssTrouble(page: Page): Promise<XssTrouble> {
  return page.evaluate((flag) => {
    const live: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) live.push(`${tag}[${name}]`);
        // Browsers drop control characters and spaces inside a scheme: `java\tscript:` runs.
        const url = [...attribute.value].filter((c) => c.charCodeAt(0) > 0x20).join('');
        // An image may be a data: image (the app draws some, and a scene's backdrop is an SVG
        // `<image>`, where even an SVG image runs no script); nothing else may point at script.
        const pictured = (tag === 'img' || tag === 'image') && /^data:image\//i.test(url);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name) &&
          /^(javascript|vbscript|data):/i.test(url) &&
          !pictured
        ) {
          live.push(`${tag}[${name}=${attribute.value.slice(0, 40)}]`);
        }
      }
      if (['script', 'iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) live.push(tag);
      if (tag === 'meta' && element.hasAttribute('http-equiv')) live.push('meta[http-equiv]');
    }
    return { flag: (window as unknown as Record<string, unknown>)[flag] ?? null, live };
  }, XSS_FLAG);
}
