/**
 * Which board tools belong to which tldraw editor. tldraw builds tool classes and calls the
 * shape-visibility rule itself, with only the editor in hand, so they find the tools here. The
 * map is a tldraw atom: the visibility rule reads it inside tldraw's reactive caches, which must
 * hear when tools are attached or detached.
 */
import { atom, type Editor } from 'tldraw';
import type { BoardTools } from './BoardTools';

const attached = atom<ReadonlyMap<Editor, BoardTools>>('mt attached tools', new Map());

/** Makes `tools` the board tools of `editor`. */
export function attachTools(editor: Editor, tools: BoardTools): void {
  attached.update((map) => new Map(map).set(editor, tools));
}

/** Forgets the tools of `editor`, if they are still `tools`. */
export function detachTools(editor: Editor, tools: BoardTools): void {
  attached.update((map) => {
    if (map.get(editor) !== tools) return map;
    const next = new Map(map);
    next.delete(editor);
    return next;
  });
}

/** The board tools of `editor`, or null before they are attached. */
export function toolsOf(editor: Editor): BoardTools | null {
  return attached.get().get(editor) ?? null;
}
