/**
 * Copies text to the clipboard. `navigator.clipboard` exists only in secure contexts, and a
 * relay reached over http on a LAN address is not one, so fall back to a hidden textarea and the
 * older `execCommand('copy')`.
 *
 * @returns whether the text was copied
 */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard !== undefined) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied (no user gesture, permissions): try the fallback.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
