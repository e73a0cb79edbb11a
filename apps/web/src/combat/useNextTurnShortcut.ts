import { useEffect, useRef } from 'react';

/**
 * Shift+N moves to the next turn (the GM's shortcut, docs/combat.md). Not while typing (a text
 * field, a select, editable text: tldraw's text shapes included), not with Ctrl, Alt or Meta
 * held, and not on auto-repeat; tldraw binds nothing to Shift+N on the campaign board.
 * @param enabled whether the shortcut is live (a GM, with an encounter to move on)
 */
export function useNextTurnShortcut(enabled: boolean, onNext: () => void): void {
  const latest = useRef(onNext);
  latest.current = onNext;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'N' && event.key !== 'n') return;
      if (!event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
