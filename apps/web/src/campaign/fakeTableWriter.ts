/**
 * A TableWriter for unit tests (tableWrites.ts and the panels that write through it): real table
 * and gm docs, a device that runs the table or not, and an intent client that keeps the
 * `gm.edit`s sent until {@link FakeTableWriter.rule} commits them the way the validating device
 * does (packages/campaign applyTableEdit: the real checks), answering each ticket.
 */
import { applyTableEdit, ChangeError, type TableChange } from '@meshtable/campaign';
import type { Receipt } from '@meshtable/schema';
import * as Y from 'yjs';
import type { TableWriter } from './tableWrites';

/** What a fake device is. */
export interface FakeTableState {
  readonly role: 'gm' | 'player';
  readonly validating: boolean;
}

/** The fake session, with what was sent through it. */
export interface FakeTableWriter extends TableWriter {
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
  /** The intents sent, in order. */
  readonly sent: { readonly kind: string; readonly payload: unknown }[];
  /**
   * Commits every `gm.edit` sent and not ruled on yet into `table`, each whole or refused with
   * the validator's reason, and answers its ticket.
   */
  rule(): void;
}

/** A fake device of a GM (running the table or not) or of a player. */
export function fakeTableWriter(state: FakeTableState, table = new Y.Doc()): FakeTableWriter {
  const gm = state.role === 'gm' ? new Y.Doc() : null;
  const sent: { kind: string; payload: unknown }[] = [];
  const waiting: {
    id: string;
    changes: TableChange[];
    answer: (receipt: Receipt) => void;
  }[] = [];
  return {
    table,
    gm,
    sent,
    intents: {
      request(kind, payload) {
        sent.push({ kind, payload });
        const id = `me.${sent.length}`;
        const receipt = new Promise<Receipt>((resolve) => {
          const changes = (payload as { changes: TableChange[] }).changes;
          waiting.push({ id, changes, answer: resolve });
        });
        return { id, receipt };
      },
    },
    writeAsGm(write) {
      if (state.role !== 'gm' || !state.validating) return false;
      table.transact(() => write(table));
      return true;
    },
    state: () => state,
    rule() {
      for (const { id, changes, answer } of waiting.splice(0)) {
        // The receipt's signatures are not checked here: the panels read its status and reason.
        const ruled = { intentId: id, by: 'gm', at: 1, sig: 'x', gmSig: 'x' };
        try {
          applyTableEdit(changes, { table, gm });
          answer({ ...ruled, status: 'applied' } as unknown as Receipt);
        } catch (error) {
          if (!(error instanceof ChangeError)) throw error;
          answer({ ...ruled, status: 'rejected', reason: error.message } as unknown as Receipt);
        }
      }
    },
  };
}
