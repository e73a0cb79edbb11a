/**
 * A readable line for an intent's payload and a receipt's result, as the intent queue shows them
 * (`Perception: 1d20+3`, `Goblin to (140, 70)`). The payload is whatever the author signed, so
 * nothing here trusts its shape: a field of the wrong type falls back to compact JSON.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/** The longest summary shown; the rest is cut with an ellipsis. */
const MAX_SUMMARY = 140;

type Fields = Readonly<Record<string, unknown>>;

/** A one-line description of an intent of `kind` with `payload`, naming the table's records. */
export function summarizeIntent(table: Y.Doc, kind: string, payload: unknown): string {
  const fields: Fields =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Fields)
      : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : undefined);
  const num = (key: string) =>
    typeof fields[key] === 'number' && Number.isFinite(fields[key]) ? fields[key] : undefined;
  switch (kind) {
    case 'roll': {
      const notation = text('notation');
      const label = text('label');
      if (notation !== undefined)
        return cut(label === undefined ? notation : `${label}: ${notation}`);
      break;
    }
    case 'token.move': {
      const tokenId = text('tokenId');
      const x = num('x');
      const y = num('y');
      if (tokenId !== undefined && x !== undefined && y !== undefined)
        return cut(
          `${recordName(table, TABLE_MAPS.tokens, tokenId)} to (${Math.round(x)}, ${Math.round(y)})`,
        );
      break;
    }
    case 'damage.apply': {
      const actorId = text('actorId');
      const amount = num('amount');
      if (actorId !== undefined && amount !== undefined) {
        const type = text('type');
        const what =
          amount < 0
            ? `${-amount} healing`
            : `${amount}${type === undefined ? '' : ` ${type}`} damage`;
        return cut(`${what} to ${recordName(table, TABLE_MAPS.actors, actorId)}`);
      }
      break;
    }
    case 'sheet.edit': {
      const actorId = text('actorId');
      const path = fields.path;
      if (actorId !== undefined && (typeof path === 'string' || Array.isArray(path)))
        return cut(
          `${recordName(table, TABLE_MAPS.actors, actorId)}: ${Array.isArray(path) ? path.join('.') : path} = ${compact(fields.value)}`,
        );
      break;
    }
    case 'join': {
      const name = text('name');
      if (name !== undefined) return cut(`${name} asks to join`);
      break;
    }
    default:
      break;
  }
  return cut(compact(payload));
}

/**
 * A receipt's result in a line: a roll's `text` and total, or compact JSON; none for a join,
 * whose result (`pending` or `member` when it was ruled) the members list says better.
 */
export function summarizeResult(kind: string, result: unknown): string | null {
  if (result === undefined || result === null || kind === 'join') return null;
  if (typeof result === 'object' && !Array.isArray(result)) {
    const fields = result as Fields;
    // A roll: its text, which some systems end with the total already (`[5]+3 = 8`).
    if (typeof fields.text === 'string' && typeof fields.total === 'number')
      return cut(
        fields.text.endsWith(`= ${fields.total}`)
          ? fields.text
          : `${fields.text} = ${fields.total}`,
      );
  }
  return cut(compact(result));
}

/** A record's `name` if it has one, else its id. */
function recordName(table: Y.Doc, map: string, id: string): string {
  const stored = table.getMap(map).get(id) as { get?: (key: string) => unknown } | undefined;
  const name =
    stored !== undefined && typeof stored.get === 'function'
      ? stored.get('name')
      : (stored as Fields | undefined)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : id;
}

function compact(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function cut(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}
