/**
 * Whether tldraw would refuse to run here without a license key.
 *
 * tldraw 5 treats a page as "development" when it is served over `http:`, or over `https:` from a
 * loopback host (localhost, 127.0.0.0/8, ::1); anywhere else a production build without a valid
 * key shows the board for five seconds, then goes blank (and reports the page URL to tldraw's
 * CDN). We check first, and show an explanation instead of mounting tldraw at all.
 *
 * @param location - the page location (protocol and hostname)
 * @param licenseKey - the key from the relay's `/config`, or null
 */
export function needsTldrawLicenseKey(
  location: Pick<Location, 'protocol' | 'hostname'>,
  licenseKey: string | null,
): boolean {
  if (licenseKey !== null) return false;
  if (location.protocol === 'http:') return false;
  return !(location.protocol === 'https:' && isLoopbackHost(location.hostname));
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
