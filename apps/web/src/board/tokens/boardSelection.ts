/**
 * The tokens selected on the board, for the panels docked beside it that are not the board's
 * own (the combat panel adds them to an encounter). CampaignBoard provides its editor to the
 * dock; outside a board (no editor yet, a licence banner instead of the map) nothing is selected.
 */
import { createContext, useContext } from 'react';
import { type Editor, useValue } from 'tldraw';
import { tokenIdOfShape } from './tokenShape';

/** The board's tldraw editor, for the panels in its dock; null until it has mounted. */
export const BoardEditorContext = createContext<Editor | null>(null);

/** The ids of the token records selected on the board, in selection order. */
export function useSelectedTokenIds(): string[] {
  const editor = useContext(BoardEditorContext);
  // Joined into one string: useValue re-renders when the value changes, and a fresh array
  // would differ every time.
  const joined = useValue(
    'selected token ids',
    () =>
      editor === null
        ? ''
        : editor
            .getSelectedShapeIds()
            .map((id) => tokenIdOfShape(id))
            .filter((id): id is string => id !== null)
            .join(' '),
    [editor],
  );
  return joined === '' ? [] : joined.split(' ');
}
