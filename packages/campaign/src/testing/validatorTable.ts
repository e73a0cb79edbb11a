/**
 * For tests that drive the GM validator through real Yjs docs: a table doc with the campaign's
 * meta, its dice commitment and its members, and the gm doc holding the seed chain behind it.
 */
import { chainCommitment, createSeedChain, type SeedChain, seedChainToJSON } from '@meshtable/dice';
import { GM_MAPS, TABLE_MAPS, type Token } from '@meshtable/schema';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import type { Identity } from '../identity/identity';
import { memberRecord } from './records';

/** Who sits at the table and what lies on it. */
export interface ValidatorTableOptions {
  /** The campaign's id, as intents name it. */
  readonly campaignId: string;
  /** The GM, a member with role `gm`. */
  readonly gm: Identity;
  /** Members with role `player`. */
  readonly players: readonly Identity[];
  /** Tokens by id. */
  readonly tokens?: Readonly<Record<string, Token>>;
  /** How many rolls the committed dice chain holds. */
  readonly chainLength: number;
  /** The campaign's autoAdmit setting (false when not given). */
  readonly autoAdmit?: boolean;
}

/** The GM's table doc and gm doc, as a freshly set up campaign holds them. */
export interface ValidatorTable {
  readonly table: Y.Doc;
  readonly gm: Y.Doc;
  /** The seed chain whose head the table commits to. */
  readonly chain: SeedChain;
}

/** A campaign "Tomb" of the system "demo" 1.0.0 with no intent policy, as the GM's peer holds it. */
export function validatorTable(options: ValidatorTableOptions): ValidatorTable {
  const table = new Y.Doc();
  const gm = new Y.Doc();
  const chain = createSeedChain(options.chainLength);
  table.transact(() => {
    const meta = table.getMap(TABLE_MAPS.meta);
    meta.set('schemaVersion', 1);
    meta.set('campaign', {
      id: options.campaignId,
      name: 'Tomb',
      createdAt: 1,
      system: { id: 'demo', version: '1.0.0', sha256: 'ab'.repeat(32) },
      settings: { autoAdmit: options.autoAdmit ?? false, intentPolicy: {} },
    });
    meta.set('dice', { ...chainCommitment(chain), revealed: 0 });
    const members = table.getMap(TABLE_MAPS.members);
    members.set(options.gm.userId, toYValue(memberRecord(options.gm, 'gm')));
    for (const player of options.players) {
      members.set(player.userId, toYValue(memberRecord(player, 'player')));
    }
    const tokens = table.getMap(TABLE_MAPS.tokens);
    for (const [id, token] of Object.entries(options.tokens ?? {})) tokens.set(id, toYValue(token));
  });
  gm.getMap(GM_MAPS.validator).set('seedChain', seedChainToJSON(chain));
  return { table, gm, chain };
}
