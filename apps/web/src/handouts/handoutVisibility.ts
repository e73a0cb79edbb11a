/**
 * Who reads a journal page, and where each copy of it lives (DESIGN.md §2: secrets never go
 * into the table doc "hidden by UI"):
 *
 * - every page the GM wrote, drafts included, is in the gm doc (`handouts`), which only GM
 *   devices receive: `sharedWith: []` is a draft;
 * - a page shared with everyone is copied, as it is, to the table doc's `handouts`;
 * - a page shared with chosen members is sealed to them (packages/campaign sealed/): the table
 *   doc carries only ciphertext that their keys open, so nobody else's copy holds its words.
 *
 * This file is the model alone, without documents: what a page's sharing is, where it goes, and
 * which pages a viewer sees.
 */
import type { Handout, Member } from '@meshtable/schema';

/** How a page is shared. */
export type Sharing =
  | { readonly kind: 'draft' }
  | { readonly kind: 'all' }
  | { readonly kind: 'some'; readonly readers: readonly string[] };

/** A page's sharing, from its `sharedWith` (an empty list is a draft). */
export function sharingOf(page: Pick<Handout, 'sharedWith'>): Sharing {
  if (page.sharedWith === 'all') return { kind: 'all' };
  const readers = [...new Set(page.sharedWith)].sort();
  return readers.length === 0 ? { kind: 'draft' } : { kind: 'some', readers };
}

/** The `sharedWith` field of a sharing. */
export function sharedWithOf(sharing: Sharing): Handout['sharedWith'] {
  switch (sharing.kind) {
    case 'draft':
      return [];
    case 'all':
      return 'all';
    case 'some':
      return [...new Set(sharing.readers)].sort();
  }
}

/** Where a page's shared copies go. */
export interface Placement {
  /** The copy for the table doc's `handouts`, read by everyone; null for none. */
  readonly everyone: Handout | null;
  /** The members (with their keys) its sealed copy opens for; null for no sealed copy. */
  readonly sealedTo: readonly Member[] | null;
}

/**
 * Where `page` goes. A page for chosen members is sealed to those of them who are members of
 * the table now (a key is needed to seal to someone), and to `author`, so that the GM who wrote
 * it can check what the players got.
 * @param members the table's members by user id
 * @returns the placement, or the readers named who are not members (nothing can be sealed to
 *   them) when none of the named readers is one
 */
export function placementOf(
  page: Handout,
  members: ReadonlyMap<string, Member>,
  author: string,
): Placement | { readonly unknownReaders: readonly string[] } {
  const sharing = sharingOf(page);
  if (sharing.kind === 'draft') return { everyone: null, sealedTo: null };
  if (sharing.kind === 'all') return { everyone: page, sealedTo: null };
  const readers = sharing.readers
    .map((userId) => members.get(userId))
    .filter((member): member is Member => member !== undefined && member.status === 'member');
  if (readers.length === 0) return { unknownReaders: sharing.readers };
  const gm = members.get(author);
  const withAuthor =
    gm === undefined || readers.some((reader) => reader.userId === author)
      ? readers
      : [...readers, gm];
  return { everyone: null, sealedTo: withAuthor };
}

/** A page as the journal lists it. */
export interface JournalEntry {
  readonly page: Handout;
  readonly sharing: Sharing;
}

/** The pages a viewer may read, as found in the docs they hold. */
export interface VisibleSources {
  /** The gm doc's pages: on GM devices, every page; null elsewhere. */
  readonly gmPages: readonly Handout[] | null;
  /** The table doc's pages for everyone. */
  readonly everyone: readonly Handout[];
  /** The sealed pages this viewer's key opened. */
  readonly openedForMe: readonly Handout[];
}

/**
 * The pages a viewer sees, each once, by title: a GM the gm doc's (drafts included) and any
 * page shared without a master copy there (another GM device's, not yet synced); a player the
 * pages for everyone and those sealed to them.
 */
export function visiblePages(sources: VisibleSources): JournalEntry[] {
  const byId = new Map<string, Handout>();
  for (const page of [...sources.everyone, ...sources.openedForMe]) byId.set(page.id, page);
  // The master copy wins on a GM's device: it is what the GM edits.
  for (const page of sources.gmPages ?? []) byId.set(page.id, page);
  return [...byId.values()]
    .map((page) => ({ page, sharing: sharingOf(page) }))
    .sort((a, b) => a.page.name.localeCompare(b.page.name) || (a.page.id < b.page.id ? -1 : 1));
}
