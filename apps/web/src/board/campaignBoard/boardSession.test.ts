import { describe, expectTypeOf, it } from 'vitest';
import type { CampaignSession } from '../../campaign/CampaignSession';
import type { BoardSession } from './boardSession';

describe('BoardSession', () => {
  it('is satisfied by a CampaignSession as it is', () => {
    expectTypeOf<CampaignSession>().toExtend<BoardSession>();
  });
});
