/**
 * The table's own keyboard shortcuts (docs/shortcuts.md) are Shift + a letter that tldraw leaves
 * free on the campaign board (it binds Shift+D, F, H, L, Q, V and Z, and the digits). They never
 * fire while someone types (a text field, a select, editable text: tldraw's text shapes
 * included), with Ctrl, Alt or Meta held, or on auto-repeat.
 */
import { useEffect, useRef } from 'react';

/**
 * Calls `onPress` on Shift+`letter` while `enabled`.
 * @param letter - one letter, either case
 */
export function useShiftShortcut(letter: string, enabled: boolean, onPress: () => void): void {
  const latest = useRef(onPress);
  latest.current = onPress;
  useEffect(() => {
    if (!enabled) return;
    const wanted = letter.toLowerCase();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== wanted) return;
      if (!event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, letter]);
}

/** Whether a key pressed on `target` is someone typing. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
