import { createContext, useContext } from 'react';
import type { AssetSession } from '../../assets';
import type { BoardFiles } from './BoardFiles';

/** What the board's panels use of the campaign's files: the library to pick from, the jobs. */
export interface BoardFilesValue {
  /** The campaign, as the asset library reads it. */
  readonly assets: AssetSession;
  /** Files brought to the board (drops, "Import map"). */
  readonly files: BoardFiles;
}

/**
 * The board's files, for the panels inside it (the scene and token pickers, "Import map"):
 * null on a board given no asset session (a stand-in in tests), where they offer nothing.
 */
export const BoardFilesContext = createContext<BoardFilesValue | null>(null);

/** The board's files, or null (see {@link BoardFilesContext}). */
export function useBoardFilesContext(): BoardFilesValue | null {
  return useContext(BoardFilesContext);
}
