/**
 * Full-text search over a game system's reference pages: every word of the query must appear
 * (case and accents ignored) in a page's title or in one of its sections; a hit in a title or
 * heading ranks above one in the text. Each result names its page and section and shows a
 * snippet of plain text around the first word found, so a reader sees why it matched.
 */
import type { ReferencePage } from './referencePages';

/** One search result. */
export interface ReferenceHit {
  readonly path: string;
  readonly title: string;
  /** The section it was found in, or null for the page's opening text. */
  readonly heading: string | null;
  /** Plain text around the match, with `…` where it was cut. */
  readonly snippet: string;
  /** Higher ranks first. */
  readonly score: number;
}

/** The most results a search returns. */
export const MAX_REFERENCE_HITS = 30;
/** About how many characters a snippet shows. */
const SNIPPET_CHARS = 160;

/** Lower case without accents: what queries and texts are compared as. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a query (letters and digits), folded. */
export function queryWords(query: string): string[] {
  return [...new Set(foldText(query).match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/** Markdown as the plain text a snippet shows: no heading marks, emphasis, links or code ticks. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/^\s*[-+>|]\s?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A snippet of `text` around the first of `words` found in it. */
export function snippetOf(text: string, words: readonly string[]): string {
  const folded = foldText(text);
  // Folding keeps one character per character for the scripts reference pages use (accents
  // are dropped, not expanded), so an index in the folded text is one in the text.
  const sameLength = folded.length === text.length;
  let at = -1;
  for (const word of words) {
    const found = folded.indexOf(word);
    if (found !== -1 && (at === -1 || found < at)) at = found;
  }
  if (at === -1 || !sameLength) at = 0;
  const start = Math.max(0, at - SNIPPET_CHARS / 3);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  // Cut at word boundaries.
  const from = start === 0 ? 0 : text.indexOf(' ', start) + 1 || start;
  const to =
    end === text.length
      ? end
      : text.lastIndexOf(' ', end) > from
        ? text.lastIndexOf(' ', end)
        : end;
  return `${from > 0 ? '…' : ''}${text.slice(from, to).trim()}${to < text.length ? '…' : ''}`;
}

/**
 * Searches `pages` for `query`.
 * @returns the hits, best first (then in the pages' order), at most {@link MAX_REFERENCE_HITS};
 *   none for a query without a word
 */
export function searchReference(pages: readonly ReferencePage[], query: string): ReferenceHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: (ReferenceHit & { order: number })[] = [];
  let order = 0;
  for (const page of pages) {
    const title = foldText(page.title);
    for (const section of page.sections) {
      const heading = section.heading === null ? '' : foldText(section.heading);
      const text = plainText(section.text);
      const body = foldText(text);
      let score = 0;
      let all = true;
      for (const word of words) {
        const inTitle = title.includes(word);
        const inHeading = heading.includes(word);
        const count = body.split(word).length - 1;
        if (!inTitle && !inHeading && count === 0) {
          all = false;
          break;
        }
        score += (inTitle ? 5 : 0) + (inHeading ? 10 : 0) + Math.min(count, 5);
      }
      if (!all) continue;
      hits.push({
        path: page.path,
        title: page.title,
        heading: section.heading,
        snippet: snippetOf(text, words),
        score,
        order: order++,
      });
    }
  }
  return hits
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_REFERENCE_HITS)
    .map(({ order: _order, ...hit }) => hit);
}
