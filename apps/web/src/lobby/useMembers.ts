import type { Member } from '@meshtable/schema';
import { TABLE_MAPS } from '@meshtable/schema';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { pendingMembers } from '../campaign/admitMember';

/** The members waiting to be admitted, re-read on every change to the table's members. */
export function usePendingMembers(table: Y.Doc): readonly Member[] {
  const cache = useRef<{ key: string; members: Member[] }>({ key: '', members: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      const members = table.getMap(TABLE_MAPS.members);
      members.observeDeep(onChange);
      return () => members.unobserveDeep(onChange);
    },
    [table],
  );
  // A stable snapshot while nothing changed: useSyncExternalStore compares by identity.
  const read = useCallback(() => {
    const members = pendingMembers(table);
    const key = JSON.stringify(members);
    if (key !== cache.current.key) cache.current = { key, members };
    return cache.current.members;
  }, [table]);
  return useSyncExternalStore(subscribe, read);
}
