/**
 * Saves a Blob as a download: an object URL on a link that is clicked, then revoked. Nothing
 * leaves the browser (a `blob:` URL names memory of this page, not a server).
 */

/**
 * Offers `blob` to the person as a file named `fileName`.
 * @example
 * downloadBlob(new Blob([text], { type: 'application/json' }), 'me.meshtable-identity.json');
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has its own reference by now; a tick later the URL can go.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
