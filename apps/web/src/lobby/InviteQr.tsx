/**
 * The invite link as a QR code, so that a player at the same table joins by pointing a phone at
 * the GM's screen. uqr computes the module matrix; we draw it as one SVG path (no HTML string, no
 * canvas), dark on light with the quiet zone the standard asks for, so any phone camera reads it.
 */
import { useMemo } from 'react';
import { encode } from 'uqr';

/** Modules of light margin around the code (the standard's quiet zone is 4). */
const QUIET_ZONE = 4;

/** The SVG path of the dark modules of `text`'s QR code, and the code's width in modules. */
export function qrPath(text: string): { readonly path: string; readonly size: number } {
  // Medium error correction: an invite is short enough that M stays a small code, and it
  // survives a glare spot on a screen.
  const { data } = encode(text, { ecc: 'M', border: 0 });
  const parts: string[] = [];
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
    });
  });
  return { path: parts.join(''), size: data.length + 2 * QUIET_ZONE };
}

/** The QR code of `link`, labelled for screen readers. */
export function InviteQr({ link }: { readonly link: string }) {
  const { path, size } = useMemo(() => qrPath(link), [link]);
  return (
    <svg
      className="mt-invite-qr"
      data-testid="invite-qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label="QR code of the invite link"
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
