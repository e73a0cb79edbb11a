/**
 * The board tools of the campaign board, for the components tldraw renders (the layers, the
 * panel, the toolbar buttons), which tldraw gives no props: the board wraps `<Tldraw>` in
 * `<BoardToolsContext.Provider value={tools}>`.
 */
import { createContext } from 'react';
import type { BoardTools } from './BoardTools';

/** The board tools, or null before they are made. */
export const BoardToolsContext = createContext<BoardTools | null>(null);
