import {
  actorSchema,
  memberSchema,
  postLogName,
  postSchema,
  sceneSchema,
  TABLE_MAPS,
  tokenSchema,
} from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodePublicKey } from '../identity/identity';
import { verifyPostSignature } from '../posts/signPost';
import {
  type CampaignSize,
  generateCampaign,
  SMALL_CAMPAIGN,
  writeGeneratedCampaign,
} from './campaignGenerator';

const encodedSize = (size: CampaignSize, seed = 1) => {
  const doc = new Y.Doc();
  writeGeneratedCampaign(doc, generateCampaign(seed, size));
  return Y.encodeStateAsUpdate(doc).byteLength;
};

describe('generateCampaign', () => {
  const campaign = generateCampaign(42, SMALL_CAMPAIGN);

  it('makes records every schema accepts, in the sizes asked for', () => {
    for (const member of campaign.members) memberSchema.parse(member);
    for (const scene of campaign.scenes) sceneSchema.parse(scene);
    for (const token of campaign.tokens) tokenSchema.parse(token);
    for (const actor of campaign.actors) actorSchema.parse(actor);
    const posts = Object.values(campaign.posts).flat();
    for (const post of posts) postSchema.parse(post);
    expect(campaign.scenes).toHaveLength(SMALL_CAMPAIGN.scenes);
    expect(campaign.tokens).toHaveLength(SMALL_CAMPAIGN.scenes * SMALL_CAMPAIGN.tokensPerScene);
    expect(campaign.actors).toHaveLength(SMALL_CAMPAIGN.actors);
    expect(posts).toHaveLength(SMALL_CAMPAIGN.posts);
    expect(campaign.members).toHaveLength(SMALL_CAMPAIGN.players + 1);
  });

  it('signs each post with its author’s key', () => {
    const keys = new Map(campaign.members.map((m) => [m.userId, m.publicKey]));
    for (const [author, posts] of Object.entries(campaign.posts)) {
      for (const post of posts) {
        expect(post.author).toBe(author);
        expect(verifyPostSignature(post, keys.get(author) as string)).toBe(true);
      }
    }
    expect(keys.get(campaign.gm.userId)).toBe(encodePublicKey(campaign.gm.publicKey));
  });

  it('gives the same campaign for the same seed, and another for another seed', () => {
    expect(generateCampaign(42, SMALL_CAMPAIGN)).toEqual(campaign);
    expect(generateCampaign(43, SMALL_CAMPAIGN).tokens).not.toEqual(campaign.tokens);
  });

  it('writes everything into a table doc, in the layout the app reads', () => {
    const doc = new Y.Doc();
    writeGeneratedCampaign(doc, campaign);
    expect(doc.getMap(TABLE_MAPS.tokens).size).toBe(campaign.tokens.length);
    expect(doc.getMap(TABLE_MAPS.actors).size).toBe(campaign.actors.length);
    expect(doc.getArray(postLogName(campaign.gm.userId)).length).toBe(
      campaign.posts[campaign.gm.userId]?.length,
    );
  });

  it('grows with its sizes', () => {
    const small = encodedSize(SMALL_CAMPAIGN);
    const double = encodedSize({
      ...SMALL_CAMPAIGN,
      actors: SMALL_CAMPAIGN.actors * 2,
      posts: SMALL_CAMPAIGN.posts * 2,
    });
    expect(double).toBeGreaterThan(small * 1.6);
  });
});
