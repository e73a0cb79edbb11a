import type { TLRecord } from 'tldraw';

/**
 * The page must load nothing from outside its origin (DESIGN §7), and a peer must not be able to
 * make everyone's browser fetch a URL of its choosing (a tracking pixel reveals each player's IP
 * address). tldraw renders an embed shape as an iframe of whatever URL it holds, an image, video
 * or bookmark asset as an <img>/<video> of its `src`/`image`/`favicon`, and a user's avatar from
 * `imageUrl`. So records from the document that would do that are refused: embed shapes
 * altogether, and assets and users whose URLs are not local (data:, or a path or URL on this
 * origin, like the relay's `/assets/<sha256>`).
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
    for (const field of ['src', 'image', 'favicon']) {
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

function isLocalUrl(url: string, origin: string): boolean {
  if (url === '' || url.startsWith('data:')) return true;
  // A path on this origin, but not a protocol-relative `//host/…`.
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
