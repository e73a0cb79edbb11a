import { readMembers } from '@meshtable/campaign';
import { TABLE_MAPS } from '@meshtable/schema';
import { useCallback, useEffect, useMemo } from 'react';
import type { CampaignSession } from '../campaign/CampaignSession';
import { useChangeVersion } from '../campaign/useChangeVersion';
import { CONNECTION_FIELD, type ConnectionPresence, connectionOf } from './connectionPresence';
import { type PresenceRow, presenceRows } from './presenceModel';

/**
 * Publishes this device's connection in the table sync's awareness while mounted, and again at
 * every change of the sync's state. The presence panel, which every member's screen shows, calls
 * it: a device that shows the panel is one that others see how it is connected.
 */
export function usePublishConnection(session: CampaignSession): void {
  useEffect(() => {
    const { awareness } = session.tableSync;
    let last: string | null = null;
    const publish = () => {
      // The awareness may be gone already while the session closes.
      if (awareness.getLocalState() === null) return;
      const value: ConnectionPresence = {
        v: 1,
        userId: session.me.userId,
        via: connectionOf(session.tableSync.getState()),
      };
      const key = value.via;
      if (key === last) return;
      last = key;
      awareness.setLocalStateField(CONNECTION_FIELD, value);
    };
    publish();
    const unsubscribe = session.tableSync.subscribe(publish);
    return () => {
      unsubscribe();
      if (awareness.getLocalState() !== null) awareness.setLocalStateField(CONNECTION_FIELD, null);
    };
  }, [session]);
}

/** The presence rows, read again when the members, the awareness or this device's sync change. */
export function usePresence(session: CampaignSession): PresenceRow[] {
  const listen = useCallback(
    (changed: () => void) => {
      const members = session.table.getMap(TABLE_MAPS.members);
      const { awareness } = session.tableSync;
      members.observeDeep(changed);
      awareness.on('change', changed);
      const unsubscribe = session.tableSync.subscribe(changed);
      return () => {
        members.unobserveDeep(changed);
        awareness.off('change', changed);
        unsubscribe();
      };
    },
    [session],
  );
  const seen = useChangeVersion(listen);
  return useMemo(() => {
    void seen;
    const { awareness } = session.tableSync;
    const states = new Map(awareness.getStates());
    states.delete(awareness.clientID);
    return presenceRows([...readMembers(session.table).values()], states, {
      userId: session.me.userId,
      via: connectionOf(session.tableSync.getState()),
    });
  }, [session, seen]);
}
