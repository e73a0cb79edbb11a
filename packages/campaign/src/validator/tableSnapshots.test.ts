import { TABLE_MAPS } from '@meshtable/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import {
  generateCampaign,
  SMALL_CAMPAIGN,
  writeGeneratedCampaign,
} from '../testing/campaignGenerator';
import { snapshotTable } from './tableSnapshot';
import { TableSnapshots } from './tableSnapshots';

const campaign = generateCampaign(3, SMALL_CAMPAIGN);
const tokenIds = campaign.tokens.map((token) => token.id);
const actorIds = campaign.actors.map((actor) => actor.id);
const written = new Y.Doc();
writeGeneratedCampaign(written, campaign);
const campaignUpdate = Y.encodeStateAsUpdate(written);

/** A table holding a small generated campaign, and the ids of its tokens and actors. */
function table(): { doc: Y.Doc; tokens: string[]; actors: string[] } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, campaignUpdate);
  return { doc, tokens: tokenIds, actors: actorIds };
}

/** What a fresh read says, invalid records included. */
function fresh(doc: Y.Doc) {
  const invalid: string[] = [];
  const snapshot = snapshotTable(doc, (collection, id) => invalid.push(`${collection}/${id}`));
  return { snapshot, invalid };
}

function cached(snapshots: TableSnapshots) {
  const invalid: string[] = [];
  const snapshot = snapshots.snapshot((collection, id) => invalid.push(`${collection}/${id}`));
  return { snapshot, invalid };
}

/** Edits a test makes, on the table itself or on a peer's copy that is then synced in. */
const edit = (tokens: string[], actors: string[]) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('move' as const),
      token: fc.constantFrom(...tokens),
      x: fc.integer({ min: 0, max: 5000 }),
    }),
    fc.record({ kind: fc.constant('rename' as const), actor: fc.constantFrom(...actors) }),
    fc.record({
      kind: fc.constant('hp' as const),
      actor: fc.constantFrom(...actors),
      hp: fc.integer({ min: 0, max: 99 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), token: fc.constantFrom(...tokens) }),
    fc.record({ kind: fc.constant('break' as const), token: fc.constantFrom(...tokens) }),
    fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 0, max: 3 }) }),
    fc.record({
      kind: fc.constant('replace' as const),
      token: fc.constantFrom(...tokens),
      from: fc.constantFrom(...tokens),
    }),
  );

type Edit = ReturnType<typeof edit> extends fc.Arbitrary<infer E> ? E : never;

function apply(doc: Y.Doc, change: Edit): void {
  const tokens = doc.getMap<Y.Map<unknown>>(TABLE_MAPS.tokens);
  const actors = doc.getMap<Y.Map<unknown>>(TABLE_MAPS.actors);
  doc.transact(() => {
    switch (change.kind) {
      case 'move':
        tokens.get(change.token)?.set('x', change.x);
        break;
      case 'rename':
        actors.get(change.actor)?.set('name', `Renamed ${change.actor}`);
        break;
      case 'hp': {
        // A field two levels down: the record is still the one touched.
        const data = actors.get(change.actor)?.get('data');
        if (data instanceof Y.Map) data.set('hp', change.hp);
        break;
      }
      case 'delete':
        tokens.delete(change.token);
        break;
      case 'break':
        // A record its schema refuses: left out of the snapshot, and reported.
        tokens.get(change.token)?.set('x', 'not a number');
        break;
      case 'add': {
        const template = tokens.values().next().value;
        if (template instanceof Y.Map) {
          tokens.set(
            `added-${change.n}`,
            toYValue({ ...template.toJSON(), id: `added-${change.n}` }) as Y.Map<unknown>,
          );
        }
        break;
      }
      case 'replace': {
        const source = tokens.get(change.from);
        if (source instanceof Y.Map) {
          tokens.set(
            change.token,
            toYValue({ ...source.toJSON(), id: change.token }) as Y.Map<unknown>,
          );
        }
        break;
      }
    }
  });
}

describe('TableSnapshots', () => {
  it('hands out what a fresh read gives, after any edits, local or synced in', () => {
    const { tokens, actors } = table();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(edit(tokens, actors), fc.boolean(), fc.boolean()), { maxLength: 30 }),
        (edits) => {
          const { doc } = table();
          const peer = new Y.Doc();
          Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
          const snapshots = new TableSnapshots(doc);
          for (const [change, remote, look] of edits) {
            if (remote) {
              apply(peer, change);
              Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), 'remote');
            } else {
              apply(doc, change);
              Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)));
            }
            // Reading in between or not: what was read must never hide a later change.
            if (look) expect(cached(snapshots)).toEqual(fresh(doc));
          }
          expect(cached(snapshots)).toEqual(fresh(doc));
          snapshots.dispose();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('hands out an untouched collection as the same object, and a touched one anew', () => {
    const { doc, tokens } = table();
    const snapshots = new TableSnapshots(doc);
    const first = snapshots.snapshot();
    apply(doc, { kind: 'move', token: tokens[0] as string, x: 42 });
    const second = snapshots.snapshot();
    expect(second.actors).toBe(first.actors);
    expect(second.tokens).not.toBe(first.tokens);
    expect(second.tokens[tokens[1] as string]).toBe(first.tokens[tokens[1] as string]);
    expect(second.tokens[tokens[0] as string]?.x).toBe(42);
  });

  it('hands out frozen records, so no rule can change what later rulings see', () => {
    const { doc, actors } = table();
    const actor = new TableSnapshots(doc).snapshot().actors[actors[0] as string];
    expect(Object.isFrozen(actor)).toBe(true);
    expect(() => {
      (actor?.data as { hp?: number }).hp = 1;
    }).toThrow(TypeError);
  });
});
