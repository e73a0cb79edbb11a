/**
 * `@meshtable/campaign/testing`: record builders and a seeded campaign generator for tests and
 * benchmarks (never imported by the app or the relay).
 */
export type { CampaignSize, GeneratedCampaign } from './campaignGenerator';
export {
  generateCampaign,
  LARGE_CAMPAIGN,
  SMALL_CAMPAIGN,
  writeGeneratedCampaign,
} from './campaignGenerator';
export { appendIntent, receiptOf } from './intentLog';
export { memberRecord, ownedToken, sceneRecord, tokenRecord } from './records';
export { seededRandom } from './seededRandom';
