/**
 * What the Characters panel reads from the session, as React hooks: the actors and members of
 * the table doc, the game system's sheets, derive's output for one actor (in the sandbox,
 * debounced), whether this device is known to the audit, and my pending sheet edits.
 */
import type { RulesHost } from '@meshtable/campaign';
import { fromYValue } from '@meshtable/campaign';
import { type Actor, type Member, memberSchema, TABLE_MAPS } from '@meshtable/schema';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { CampaignSession } from '../campaign/CampaignSession';
import { GAME_SYSTEMS } from '../campaign/gameSystems';
import { type Derived, derivedFrom } from './derivedOutcome';
import { loadSystemSheets, type SheetsLoad } from './moduleSheets';
import { readActors } from './readActors';

/** How long derive waits after the last change of an actor before it runs again (ms). */
export const DERIVE_DEBOUNCE_MS = 200;

/** A snapshot of a Y.Map read through `read`, stable while its JSON does not change. */
function useMapSnapshot<T>(table: Y.Doc, name: string, read: () => T): T {
  const cache = useRef<{ key: string; value: T } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = table.getMap(name);
      map.observeDeep(onChange);
      return () => map.unobserveDeep(onChange);
    },
    [table, name],
  );
  const snapshot = useCallback(() => {
    const value = read();
    const key = JSON.stringify(value);
    if (cache.current === null || cache.current.key !== key) cache.current = { key, value };
    return cache.current.value;
  }, [read]);
  return useSyncExternalStore(subscribe, snapshot);
}

/** Every valid actor of the table doc. */
export function useActors(table: Y.Doc): readonly Actor[] {
  const read = useCallback(() => readActors(table), [table]);
  return useMapSnapshot(table, TABLE_MAPS.actors, read);
}

/** The admitted members of the table (status `member`), by name. */
export function useTableMembers(table: Y.Doc): readonly Member[] {
  const read = useCallback(() => {
    const members: Member[] = [];
    for (const stored of table.getMap(TABLE_MAPS.members).values()) {
      const checked = memberSchema.safeParse(fromYValue(stored));
      if (checked.success && checked.data.status === 'member') members.push(checked.data);
    }
    return members.sort((a, b) => a.name.localeCompare(b.name));
  }, [table]);
  return useMapSnapshot(table, TABLE_MAPS.members, read);
}

/** The game system's checked sheets, once its id is known; null while loading. */
export function useModuleSheets(systemId: string | null): SheetsLoad | null {
  const [load, setLoad] = useState<{ id: string; result: SheetsLoad } | null>(null);
  useEffect(() => {
    if (systemId === null) return;
    let active = true;
    void loadSystemSheets(systemId, GAME_SYSTEMS).then((result) => {
      if (active) setLoad({ id: systemId, result });
    });
    return () => {
      active = false;
    };
  }, [systemId]);
  return load !== null && load.id === systemId ? load.result : null;
}

/**
 * derive's output for `actor`, computed in the sandbox again {@link DERIVE_DEBOUNCE_MS} after
 * the actor last changed. A failure (a module error, a timeout) is an outcome to show, never
 * thrown; the last good output stays on screen meanwhile.
 */
export function useDerived(rules: RulesHost | null, actor: Actor | undefined): Derived {
  const [derived, setDerived] = useState<{ key: string; result: Derived } | null>(null);
  const key = actor === undefined ? '' : JSON.stringify(actor);
  useEffect(() => {
    if (rules === null || key === '' || !rules.hooks.includes('derive')) return;
    let active = true;
    const timer = setTimeout(() => {
      void rules.call('derive', [JSON.parse(key)]).then((outcome) => {
        if (!active) return;
        setDerived({ key, result: derivedFrom(outcome) });
      });
    }, DERIVE_DEBOUNCE_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [rules, key]);
  if (rules !== null && !rules.hooks.includes('derive')) return { status: 'ok', value: {} };
  return derived?.result ?? { status: 'waiting' };
}

/**
 * Whether the GM's audit knows this device as mine (IntentClient.introduced: the GM answered an
 * entry this device appended), re-read whenever my intents or their receipts change.
 */
export function useDeviceKnown(session: CampaignSession): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => session.intents.subscribe(onChange),
    [session],
  );
  return useSyncExternalStore(subscribe, () => session.intents.introduced());
}

/**
 * My pending `sheet.edit` intents for one actor: the value asked for, by data path
 * (`abilities.str`), the latest one where I asked twice. The sheet shows it until the receipt.
 */
export function usePendingEdits(
  session: CampaignSession,
  actorId: string,
): ReadonlyMap<string, unknown> {
  const cache = useRef<{ key: string; value: ReadonlyMap<string, unknown> }>({
    key: '',
    value: new Map(),
  });
  const read = useCallback(() => {
    const values = new Map<string, unknown>();
    for (const { intent } of session.intents.pending()) {
      const payload = intent.payload as { actorId?: unknown; path?: unknown; value?: unknown };
      if (intent.kind !== 'sheet.edit' || payload?.actorId !== actorId) continue;
      if (Array.isArray(payload.path)) values.set(payload.path.join('.'), payload.value);
    }
    const key = JSON.stringify([...values]);
    if (key !== cache.current.key) cache.current = { key, value: values };
    return cache.current.value;
  }, [session, actorId]);
  const subscribe = useCallback(
    (onChange: () => void) => session.intents.subscribe(onChange),
    [session],
  );
  return useSyncExternalStore(subscribe, read);
}
