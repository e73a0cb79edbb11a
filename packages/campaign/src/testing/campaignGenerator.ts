/**
 * A seeded campaign of any size, for benchmarks and tests: scenes with their tokens, actors with
 * sheet data of the size real characters reach (abilities, skills, an inventory with
 * descriptions, notes), members, and chat history signed by its authors. The same seed and sizes
 * give the same records, byte for byte, so that a benchmark measures the same campaign in every
 * run and a failing test can be replayed.
 *
 * Everything it makes passes the record schemas of @meshtable/schema (its test checks), so the
 * app, the audit and the validator take it as they take a real table.
 */

import type { JsonValue } from '@meshtable/sandbox';
import {
  type Actor,
  type Member,
  type Post,
  postLogName,
  type Scene,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { createIdentity, type Identity } from '../identity/identity';
import { signPost } from '../posts/signPost';
import { memberRecord, sceneRecord, tokenRecord } from './records';
import { seededRandom } from './seededRandom';

/** How large a campaign to make. */
export interface CampaignSize {
  readonly scenes: number;
  /** Tokens on each scene. */
  readonly tokensPerScene: number;
  /** Actors; tokens link to them in turn. */
  readonly actors: number;
  /** Items in each actor's inventory (each with a description of a few sentences). */
  readonly itemsPerActor: number;
  /** Chat posts, spread over the members. */
  readonly posts: number;
  /** Players besides the GM. */
  readonly players: number;
  /**
   * Whether posts carry their author's signature (as the chat writes them). Signing costs about
   * a millisecond a post on these machines, so the large campaign leaves it out: its posts read
   * as those written before posts were signed.
   */
  readonly signPosts: boolean;
}

/** A small table after a few sessions. */
export const SMALL_CAMPAIGN: CampaignSize = {
  scenes: 3,
  tokensPerScene: 12,
  actors: 8,
  itemsPerActor: 10,
  posts: 200,
  players: 4,
  signPosts: true,
};

/**
 * A 16 MB table doc (15.8 MB of Yjs update: just under the relay's default 16 MiB frame cap, so
 * that it syncs at all; the cold-open benchmark's size): a long campaign with many scenes, a
 * bestiary of actors with full inventories and years of chat.
 */
export const LARGE_CAMPAIGN: CampaignSize = {
  scenes: 40,
  tokensPerScene: 60,
  actors: 900,
  itemsPerActor: 55,
  posts: 20_000,
  players: 5,
  signPosts: false,
};

/** The records of a generated campaign. */
export interface GeneratedCampaign {
  readonly gm: Identity;
  readonly players: readonly Identity[];
  readonly members: readonly Member[];
  readonly scenes: readonly Scene[];
  readonly tokens: readonly Token[];
  readonly actors: readonly Actor[];
  /** Chat posts by author's user id, oldest first (signed by their author if `signPosts`). */
  readonly posts: Readonly<Record<string, readonly Post[]>>;
}

const WORDS = (
  'the a of and to in goblin sword shield tower ancient dragon gold silver torch rope ' +
  'map door stair river forest night storm cleric rogue wizard fighter bard spell ring ' +
  'potion healing fire cold poison armour leather chain plate arrow bow dagger axe hammer ' +
  'north south east west old hidden broken iron stone wooden bright dark quiet loud'
).split(' ');
const ABILITIES = ['str', 'dex', 'con', 'int', 'wis', 'cha'] as const;
const SKILLS = ['athletics', 'stealth', 'arcana', 'perception', 'persuasion', 'survival'];
const CONDITIONS = ['prone', 'poisoned', 'blinded', 'stunned'];
/** 1 January 2026, so that every timestamp is fixed. */
const EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Makes a campaign of `size` from `seed`.
 * @example
 * ```ts
 * const campaign = generateCampaign(7, SMALL_CAMPAIGN);
 * writeGeneratedCampaign(table, campaign);
 * ```
 */
export function generateCampaign(seed: number, size: CampaignSize): GeneratedCampaign {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const sentence = (words: number) => {
    const text = Array.from({ length: words }, () => pick(WORDS)).join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const secret = () => Uint8Array.from({ length: 32 }, () => int(256));

  const gm = createIdentity('Game Master', '#7a3cff', { secretKey: secret(), createdAt: 1 });
  const players = Array.from({ length: size.players }, (_, i) =>
    createIdentity(`Player ${i + 1}`, `#${(0x204080 + i * 0x1f2f3f).toString(16).slice(-6)}`, {
      secretKey: secret(),
      createdAt: 1,
    }),
  );
  const members = [
    memberRecord(gm, 'gm'),
    ...players.map((player) => memberRecord(player, 'player')),
  ];

  const actors: Actor[] = Array.from({ length: size.actors }, (_, i) => {
    const owner = i < players.length ? players[i] : undefined;
    return {
      id: `actor-${i}`,
      type: 'character',
      name: owner ? `${owner.name}'s hero` : `Creature ${i}`,
      image: null,
      owners: owner ? [owner.userId] : [],
      data: {
        level: 1 + int(20),
        hp: { value: 5 + int(120), max: 125 },
        abilities: Object.fromEntries(ABILITIES.map((name) => [name, 3 + int(16)])),
        skills: Object.fromEntries(SKILLS.map((name) => [name, int(4)])),
        inventory: Array.from({ length: size.itemsPerActor }, (_, k) => ({
          name: `${pick(WORDS)} ${pick(WORDS)} ${k}`,
          quantity: 1 + int(5),
          weight: int(200) / 10,
          description: `${sentence(12)} ${sentence(10)}`,
        })),
        notes: Array.from({ length: 4 }, () => sentence(20)).join(' '),
      },
    };
  });

  const scenes: Scene[] = [];
  const tokens: Token[] = [];
  for (let s = 0; s < size.scenes; s++) {
    const columns = 30;
    const rows = 20;
    scenes.push(
      sceneRecord(`scene-${s}`, {
        name: `${sentence(3).slice(0, -1)} ${s + 1}`,
        order: s,
        width: columns * 70,
        height: rows * 70,
      }),
    );
    for (let t = 0; t < size.tokensPerScene; t++) {
      const actor =
        actors.length > 0 ? actors[(s * size.tokensPerScene + t) % actors.length] : null;
      tokens.push(
        tokenRecord(`token-${s}-${t}`, `scene-${s}`, {
          actorId: actor?.id ?? null,
          name: actor?.name ?? `Token ${t}`,
          x: int(columns) * 70,
          y: int(rows) * 70,
          size: 1 + (int(10) === 0 ? 1 : 0),
          bars: [{ value: 5 + int(40), max: 45, color: '#c62828' }],
          conditions: int(6) === 0 ? [pick(CONDITIONS)] : [],
          owners: actor?.owners ?? [],
        }),
      );
    }
  }

  const people = [gm, ...players];
  const posts: Record<string, Post[]> = Object.fromEntries(people.map((p) => [p.userId, []]));
  for (let i = 0; i < size.posts; i++) {
    const author = pick(people);
    const emote = int(10) === 0;
    const post: Post = {
      id: `post-${i}`,
      author: author.userId,
      at: EPOCH_MS + i * 30_000,
      kind: emote ? 'emote' : 'message',
      text: emote ? sentence(6) : `${sentence(8 + int(20))} ${sentence(6)}`,
    };
    posts[author.userId]?.push(size.signPosts ? signPost(post, author) : post);
  }
  return { gm, players, members, scenes, tokens, actors, posts };
}

/**
 * Writes `campaign`'s records into a table doc in one transaction, as the validating GM would
 * (members, scenes, tokens, actors, and each author's chat log).
 */
export function writeGeneratedCampaign(table: Y.Doc, campaign: GeneratedCampaign): void {
  const put = (map: string, records: readonly { readonly id: string }[]) => {
    const target = table.getMap(map);
    for (const record of records) target.set(record.id, toYValue(record as unknown as JsonValue));
  };
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    for (const member of campaign.members) {
      members.set(member.userId, toYValue(member as unknown as JsonValue));
    }
    put(TABLE_MAPS.scenes, campaign.scenes);
    put(TABLE_MAPS.tokens, campaign.tokens);
    put(TABLE_MAPS.actors, campaign.actors);
    for (const [author, list] of Object.entries(campaign.posts)) {
      table
        .getArray(postLogName(author))
        .push(list.map((post) => toYValue(post as unknown as JsonValue)));
    }
  });
}
