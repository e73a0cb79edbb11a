/** The campaign's reference pages, loaded once its game system is known. */
import { readMeta } from '@meshtable/campaign';
import { useEffect, useState } from 'react';
import type { CampaignSession } from '../campaign/CampaignSession';
import { GAME_SYSTEMS } from '../campaign/gameSystems';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { loadReference, type ReferenceLoad } from './loadReference';

/** Loading, or what {@link loadReference} ended in. */
export type ReferenceStatus = { readonly ok: null } | ReferenceLoad;

/** The reference pages of the campaign's pinned game system. */
export function useReference(session: CampaignSession): ReferenceStatus {
  const system = useCampaignSessionState(session).system;
  const [status, setStatus] = useState<ReferenceStatus>({ ok: null });
  const key = system === null ? null : `${system.id}@${system.version}`;
  useEffect(() => {
    if (key === null) return;
    let pin: ReturnType<typeof readMeta>;
    try {
      pin = readMeta(session.table);
    } catch (error) {
      setStatus({ ok: false, problem: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (pin === null) return;
    let active = true;
    setStatus({ ok: null });
    void loadReference(pin.campaign.system, GAME_SYSTEMS).then((loaded) => {
      if (active) setStatus(loaded);
    });
    return () => {
      active = false;
    };
  }, [session, key]);
  return status;
}
