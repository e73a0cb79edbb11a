/**
 * For tests that drive the validator through a table doc: a signed intent appended to its
 * author's log as their client would, and the receipt the GM's peer wrote for it.
 */
import { intentLogName, type Receipt, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';
import { fromYValue } from '../doc/yRecords';
import type { Identity } from '../identity/identity';
import type { Intent } from '../intents/intent';
import { signIntent } from '../intents/signIntent';

/** Appends an intent signed by `author` to their own log in `doc` (the next seq, at 5 ms). */
export function appendIntent(
  doc: Y.Doc,
  campaign: string,
  author: Identity,
  kind: string,
  payload: unknown,
): Intent {
  const log = doc.getArray<unknown>(intentLogName(author.userId));
  const intent = signIntent(author, {
    campaign,
    kind,
    payload: payload as never,
    seq: log.length + 1,
    at: 5,
  });
  log.push([intent]);
  return intent;
}

/** The receipt `doc` holds for intent `id`, as JSON, or undefined while it has none. */
export function receiptOf(doc: Y.Doc, id: string): Receipt | undefined {
  return fromYValue(doc.getMap(TABLE_MAPS.receipts).get(id)) as Receipt | undefined;
}
