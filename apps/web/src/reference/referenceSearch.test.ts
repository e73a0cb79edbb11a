import { describe, expect, it } from 'vitest';
import { pageSections, pageTitle, referencePagesOf } from './referencePages';
import { plainText, queryWords, searchReference, snippetOf } from './referenceSearch';

const files = {
  'reference/combat.md':
    '# Combat\n\nRoll **initiative** at the start.\n\n## Attacks\n\nRoll a d20 and add your bonus.\n\n## Cover\n\nHalf cover gives +2 to AC.\n',
  'reference/conditions.md':
    '# Conditions\n\n## Prone\n\nAttacks against a prone creature within 5 feet have advantage.\n\n## Grappled\n\nSpeed becomes 0.\n',
  'reference/no-title.md': 'Just text, with a [link](https://example.com) and `code`.',
};
const { pages, missing } = referencePagesOf(files, [
  'reference/combat.md',
  'reference/conditions.md',
  'reference/no-title.md',
  'reference/gone.md',
]);

describe('reference pages', () => {
  it('takes each page’s title from its first heading, else its file name', () => {
    expect(pages.map((page) => page.title)).toEqual(['Combat', 'Conditions', 'no title']);
    expect(pageTitle('reference/spells-and-resting.md', 'no heading')).toBe('spells and resting');
    expect(missing).toEqual(['reference/gone.md']);
  });

  it('splits a page at its ## headings, not inside code fences', () => {
    const sections = pageSections(
      '# T\n\nIntro\n\n## A\n\na\n\n```\n## not a heading\n```\n## B\nb',
    );
    expect(sections.map((section) => section.heading)).toEqual([null, 'A', 'B']);
    expect(sections[1]?.text).toContain('## not a heading');
  });

  it('accepts a single path as well as a list, and none', () => {
    expect(referencePagesOf(files, 'reference/combat.md').pages).toHaveLength(1);
    expect(referencePagesOf(files, undefined)).toEqual({ pages: [], missing: [] });
  });
});

describe('searchReference', () => {
  it('finds every word of the query, case and accents ignored, with the section it is in', () => {
    const hits = searchReference(pages, 'PRONE advantàge');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ path: 'reference/conditions.md', heading: 'Prone' });
    expect(hits[0]?.snippet).toContain('prone creature within 5 feet have advantage');
  });

  it('ranks a match in a heading above a match in the text', () => {
    const hits = searchReference(pages, 'attacks');
    expect(hits.map((hit) => hit.heading)).toEqual(['Attacks', 'Prone']);
  });

  it('finds words in a page’s title for each of its sections', () => {
    expect(searchReference(pages, 'combat cover').map((hit) => hit.heading)).toEqual(['Cover']);
  });

  it('finds nothing for a query without words, or with a word nowhere', () => {
    expect(searchReference(pages, '  ?! ')).toEqual([]);
    expect(searchReference(pages, 'attacks dragon')).toEqual([]);
    expect(queryWords('d20, d20!')).toEqual(['d20']);
  });

  it('shows snippets as plain text, cut at words', () => {
    expect(plainText('## Head\n\nSee **this** [link](https://x.y) and `code`.')).toBe(
      'Head See this link and code.',
    );
    const long = `${'word '.repeat(100)}needle ${'more '.repeat(100)}`.trim();
    const snippet = snippetOf(long, ['needle']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('needle');
    expect(snippet.length).toBeLessThan(180);
  });
});
