import type { TLRecord } from 'tldraw';

/**
 * The page must load nothing from outside its origin (DESIGN §7), and a peer must not be able to
 * make everyone's browser fetch a URL of its choosing (a tracking pixel reveals each player's IP
 * address). tldraw renders an embed shape as an iframe of whatever URL it holds, an image or video
 * asset as an <img>/<video> of its `src`, a bookmark asset's `image` and `favicon` as <img>s, and
 * a user's avatar from `imageUrl`. So records from the document that would do that are refused:
 * embed shapes altogether, and assets and users whose URLs are not local (see `isLocalUrl`).
 *
 * A bookmark's `src` is the link itself: tldraw never loads it (the shape shows it as a link the
 * user may click, and our `keepContentLocal` handler never fetches it), so it may point anywhere.
 * Refusing it would drop every pasted link on the other peers and leave the boards different.
 *
 * @param record - a record read from the shared document
 * @param origin - this page's origin, e.g. `http://10.0.0.5:8080`
 * @returns why the record would load outside content, or null if it is local-only
 */
export function whyNotLocalOnly(record: TLRecord, origin: string): string | null {
  if (record.typeName === 'shape' && record.type === 'embed') {
    return 'embed shapes load third-party pages';
  }
  if (record.typeName === 'asset') {
    const props = record.props as Record<string, unknown>;
    const loadedFields = record.type === 'bookmark' ? ['image', 'favicon'] : ['src'];
    for (const field of loadedFields) {
      const url = props[field];
      if (typeof url === 'string' && !isLocalUrl(url, origin)) {
        return `asset ${field} points outside this origin`;
      }
    }
  }
  // tldraw's attribution records carry an avatar URL, shown as an <img>.
  if (record.typeName === 'user' && !isLocalUrl(record.imageUrl, origin)) {
    return 'user imageUrl points outside this origin';
  }
  return null;
}

/**
 * Whether the browser would load `url` from this origin or from nowhere: empty, inline `data:`,
 * or an http(s) URL (absolute or relative) that resolves to `origin`.
 *
 * Resolving with the URL parser rather than testing prefixes matters: the JS strings
 * `'/\\evil.example/p.png'`, `'/\t/evil.example/p.png'` and `'/\n/evil.example/p.png'` all
 * start with one `/`, yet the browser reads each as `//evil.example/p.png` (a backslash counts as
 * a slash in http URLs; tabs and newlines are dropped), which is another origin.
 *
 * `blob:` URLs are refused although the parser gives them their creator's origin: one names an
 * object in the memory of the page that made it, so from a peer it names nothing this page has
 * (or guesses at something it does), and tldraw keeps its own blob URLs out of the document.
 *
 * @param url - a URL from a record
 * @param origin - this page's origin
 */
export function isLocalUrl(url: string, origin: string): boolean {
  if (url === '' || url.startsWith('data:')) return true;
  let resolved: URL;
  let base: URL;
  try {
    base = new URL(origin);
    resolved = new URL(url, base);
  } catch {
    return false;
  }
  return resolved.protocol === base.protocol && resolved.origin === base.origin;
}
