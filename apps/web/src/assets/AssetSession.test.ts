import { describe, expectTypeOf, it } from 'vitest';
import type { CampaignSession } from '../campaign/CampaignSession';
import type { AssetSession } from './AssetSession';

describe('AssetSession', () => {
  it('is satisfied by a CampaignSession as it is', () => {
    expectTypeOf<CampaignSession>().toExtend<AssetSession>();
  });
});
