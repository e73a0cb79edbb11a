/** The journal as this viewer sees it, kept current as the docs change. */
import { readMembers } from '@meshtable/campaign';
import type { Member } from '@meshtable/schema';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { type JournalEntry, visiblePages } from './handoutVisibility';
import {
  type JournalSession,
  readEveryonePages,
  readGmPages,
  readSealedPagesFor,
  watchJournal,
} from './journalPages';

/** What {@link useJournal} reads. */
export interface JournalView {
  /** The pages this viewer may read (a GM: every page, drafts included). */
  readonly entries: readonly JournalEntry[];
  /** The table's members by user id: whom a page can be shared with, and readers' names. */
  readonly members: ReadonlyMap<string, Member>;
  /** Pages that could not be read (malformed, or sealed to me but altered). */
  readonly problems: readonly string[];
}

function readJournal(session: JournalSession): JournalView {
  const problems: string[] = [];
  const invalid = (id: string, problem = 'it is malformed') =>
    problems.push(`The page “${id}” cannot be read: ${problem}.`);
  const entries = visiblePages({
    gmPages: readGmPages(session.gm, invalid),
    everyone: readEveryonePages(session.table, invalid),
    openedForMe: readSealedPagesFor(session.table, session.me, session.campaignId, invalid),
  });
  return { entries, members: readMembers(session.table), problems };
}

/** The journal as this viewer sees it: see {@link JournalView}. */
export function useJournal(session: JournalSession): JournalView {
  const cache = useRef<JournalView | null>(null);
  const subscribe = useCallback(
    (listener: () => void) =>
      watchJournal(session, () => {
        cache.current = null;
        listener();
      }),
    [session],
  );
  const snapshot = useCallback(() => {
    cache.current ??= readJournal(session);
    return cache.current;
  }, [session]);
  return useSyncExternalStore(subscribe, snapshot);
}
