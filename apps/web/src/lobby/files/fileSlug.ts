/**
 * A name for a downloaded file made from what a person typed (a campaign's or their own name):
 * lowercase ASCII letters and digits, dashes between, accents dropped, so it is safe on every
 * file system and reads as the name it came from.
 * @param fallback what to use when nothing of the name is left
 */
export function fileSlug(name: string, maxLength: number, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}
