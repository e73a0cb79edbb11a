/**
 * Whether this device mutes the table's ambient audio: each person's own choice, kept in this
 * browser (localStorage) and never written to a doc, so muting says nothing to the table and
 * stays muted through a reload. Storage that refuses (private browsing, a full quota) only
 * means the choice lasts until the page closes.
 */
import { useCallback, useState } from 'react';

/** The localStorage key of the choice. */
export const MUTE_STORAGE_KEY = 'meshtable.audio.muted';

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTE_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/** This device's mute, and a setter that keeps it. */
export function useLocalMute(): readonly [boolean, (muted: boolean) => void] {
  const [muted, setMutedState] = useState(readMuted);
  const setMuted = useCallback((next: boolean) => {
    setMutedState(next);
    try {
      window.localStorage.setItem(MUTE_STORAGE_KEY, next ? '1' : '0');
    } catch {
      // Kept for this page only: see the file's comment.
    }
  }, []);
  return [muted, setMuted] as const;
}
