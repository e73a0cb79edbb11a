/**
 * What every field of an open sheet needs, provided once by CharacterSheet: the values to read,
 * how an edit of a field travels, and the edit itself. Fields stay free of the session.
 */
import type { Actor, Sheet } from '@meshtable/schema';
import { createContext, useContext } from 'react';
import type { EditRoute, SheetValues } from './sheetModel';

/** The open sheet, as its fields see it. */
export interface SheetContextValue {
  readonly sheet: Sheet;
  readonly actor: Actor;
  readonly values: SheetValues;
  /** The route an edit of a bound field takes for this viewer. */
  routeOf(field: { field: string; editable?: 'owner' | 'gm' }): EditRoute;
  /** Values I asked for that wait for the GM, by data path (`abilities.str`). */
  readonly pending: ReadonlyMap<string, unknown>;
  /** Why the last edit of a field (by its `field` path) failed or was refused. */
  readonly problems: ReadonlyMap<string, string>;
  /** Edits the field `field` (`data.abilities.str`) by `route`. */
  commit(field: string, route: EditRoute, value: unknown): void;
  /** Whether this viewer rolls from the sheet (its owners and the GM; others only read it). */
  readonly canRoll: boolean;
  /** Where the table's asset images come from, for markdown fields. */
  readonly assetBase: string;
  /** Sends a roll; resolves when it is ruled on. */
  roll(request: {
    notation: string;
    label: string;
    options: Readonly<Record<string, string | number | boolean>>;
  }): RollTicket;
}

/** A roll on its way: its receipt, or the reason it could not be sent. */
export type RollTicket =
  | { readonly sent: true; readonly receipt: Promise<import('@meshtable/schema').Receipt> }
  | { readonly sent: false; readonly reason: string };

export const SheetContext = createContext<SheetContextValue | null>(null);

/** The open sheet's context. */
export function useSheet(): SheetContextValue {
  const value = useContext(SheetContext);
  if (value === null) throw new Error('useSheet: no sheet is open around this field');
  return value;
}
