import type { SyncSession } from '@meshtable/sync';
import { useEffect, useState } from 'react';
import { createTLStore, type TLStore } from 'tldraw';
import { bindStoreToDoc, type StoreBinding } from './binding/bindStoreToDoc';
import { BOARD_BINDING_UTILS, BOARD_SHAPE_UTILS } from './boardUtils';

/** Result of {@link useBoardStore}. */
export type BoardStoreState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly store: TLStore }
  | { readonly status: 'incompatible'; readonly message: string };

const LOADING: BoardStoreState = { status: 'loading' };

/**
 * A tldraw store bound to the session's document. Stays `loading` until the IndexedDB copy is
 * in the document, so that an existing board is not mistaken for an empty one and re-seeded.
 */
export function useBoardStore(session: SyncSession | null): BoardStoreState {
  // Remember which session a state belongs to: after the session changes, the previous store is
  // disposed, and must not be rendered for even one frame.
  const [current, setCurrent] = useState<{ session: SyncSession; state: BoardStoreState } | null>(
    null,
  );

  useEffect(() => {
    if (session === null) return;
    const store = createTLStore({
      shapeUtils: BOARD_SHAPE_UTILS,
      bindingUtils: BOARD_BINDING_UTILS,
    });
    let binding: StoreBinding | null = null;
    let active = true;
    void session.whenPersisted.then(() => {
      if (!active) return;
      let incompatible = false;
      binding = bindStoreToDoc(store, session.doc, {
        origin: window.location.origin,
        onIncompatible: (message) => {
          incompatible = true;
          setCurrent({ session, state: { status: 'incompatible', message } });
        },
        onRejectedRecord: (id, reason) => {
          console.warn(`meshtable board: skipped record ${id} from the shared document: ${reason}`);
        },
      });
      if (!incompatible) setCurrent({ session, state: { status: 'ready', store } });
    });
    return () => {
      active = false;
      binding?.dispose();
      store.dispose();
    };
  }, [session]);

  return current !== null && current.session === session ? current.state : LOADING;
}
