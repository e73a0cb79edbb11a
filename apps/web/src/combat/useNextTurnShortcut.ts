import { useShiftShortcut } from '../shortcuts/useShiftShortcut';

/**
 * Shift+N moves to the next turn (the GM's shortcut, docs/combat.md and docs/shortcuts.md).
 * @param enabled whether the shortcut is live (a GM, with an encounter to move on)
 */
export function useNextTurnShortcut(enabled: boolean, onNext: () => void): void {
  useShiftShortcut('n', enabled, onNext);
}
