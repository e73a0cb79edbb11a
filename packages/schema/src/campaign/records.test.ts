import { describe, expect, it } from 'vitest';
import { intentLogName, postLogName, TABLE_MAPS } from './docLayout';
import { RECORD_MAP_NAMES, RECORD_SCHEMAS } from './recordMaps';
import {
  campaignSchema,
  memberSchema,
  postSchema,
  receiptSchema,
  sceneSchema,
  tokenSchema,
} from './records';

const USER = 'AAAAAAAAAAAAAAAAAAAAAA';
const KEY = 'B'.repeat(43);
const SHA = 'ab'.repeat(32);

const scene = {
  id: 'cellar',
  name: 'The cellar',
  order: 1,
  width: 2000,
  height: 1500,
  background: SHA,
  grid: {
    type: 'square',
    size: 70,
    offsetX: 0,
    offsetY: 0,
    color: '#333333',
    distance: 5,
    units: 'ft',
  },
};

const token = {
  id: 't1',
  sceneId: 'cellar',
  actorId: null,
  name: 'Rat',
  image: null,
  x: 140,
  y: 70,
  size: 1,
  rotation: 0,
  bars: [{ value: 3, max: 7, color: '#cc0000' }],
  conditions: ['prone'],
  owners: [USER],
};

describe('campaign records', () => {
  it('accept well-formed records', () => {
    expect(sceneSchema.parse(scene)).toEqual(scene);
    expect(tokenSchema.parse(token)).toEqual(token);
    const member = {
      userId: USER,
      publicKey: KEY,
      name: 'Ana',
      color: '#00aa88',
      role: 'player',
      status: 'pending',
      since: 1,
    };
    expect(memberSchema.parse(member)).toEqual(member);
    const campaign = {
      id: 'c1',
      name: 'Tomb',
      createdAt: 1,
      system: { id: 'srd5e', version: '1.0.0', sha256: SHA },
      settings: { autoAdmit: false, intentPolicy: { 'token.move': 'auto', damage: 'ask' } },
    };
    expect(campaignSchema.parse(campaign)).toEqual(campaign);
    const applied = {
      intentId: `${USER}.1`,
      sig: 'S'.repeat(86),
      status: 'applied',
      by: USER,
      at: 2,
      gmSig: 'G'.repeat(86),
      result: { total: 12 },
    };
    expect(receiptSchema.parse(applied)).toEqual(applied);
    const post = {
      id: `${USER}.p1`,
      author: USER,
      at: 3,
      kind: 'message',
      text: 'hi',
      whisperTo: [USER],
    };
    expect(postSchema.parse(post)).toEqual(post);
  });

  it('name the field that is wrong, and refuse unknown fields', () => {
    const bad = tokenSchema.safeParse({ ...token, size: -1, owners: ['not a user'], extra: 1 });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(paths).toEqual(expect.arrayContaining(['size', 'owners.0', 'unrecognized_keys']));
    expect(
      receiptSchema.safeParse({ intentId: 'x', status: 'rejected', by: USER, at: 1 }).success,
    ).toBe(false);
  });
});

describe('the doc layout', () => {
  it('keeps every record map in the table doc, with its schema', () => {
    for (const name of RECORD_MAP_NAMES) {
      expect(TABLE_MAPS[name]).toBe(name);
      expect(RECORD_SCHEMAS[name]).toBeDefined();
    }
  });

  it('names per-author logs by their author', () => {
    expect(intentLogName(USER)).toBe(`intents/${USER}`);
    expect(postLogName(USER)).toBe(`posts/${USER}`);
  });
});
