/**
 * Makes this page's `<audio>` element follow the table's ambient record: the track, playing or
 * paused, the loop, the table's volume and this device's mute, at the position every peer
 * computes from the record's anchor (audioPosition.ts). It checks again every second and on
 * each change, and seeks only past the drift tolerance.
 *
 * Browsers refuse to start sound before the person has interacted with the page (autoplay
 * policy): `play()` then rejects with `NotAllowedError`, and the hook reports `blocked` so the
 * panel can offer "Enable sound", whose click is the gesture the browser waits for.
 */
import type { AudioState } from '@meshtable/schema';
import {
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type * as Y from 'yjs';
import { assetUrl } from '../assets';
import { type AmbientRead, readAmbient, watchAmbient } from './ambientAudio';
import { needsSeek, trackPosition } from './audioPosition';

/** How often (ms) the player checks its position against the shared one. */
const RESYNC_MS = 1000;

/** What {@link useAmbientPlayer} gives the panel. */
export interface AmbientPlayer {
  /** The element to render (`<audio ref={player.element} />`). */
  readonly element: RefObject<HTMLAudioElement | null>;
  /** The record as read (or why it could not be). */
  readonly read: AmbientRead;
  /** The browser refused to start sound until the person interacts with the page. */
  readonly blocked: boolean;
  /** A track that will not play here (a missing asset, a format this browser lacks). */
  readonly problem: string | null;
  /** Starts sound from a click ("Enable sound"): the gesture the browser waits for. */
  enable(): void;
  /** The track's length in seconds as this page's element knows it, or null. */
  duration(): number | null;
}

/** The ambient record of `table`, re-read on every change. */
export function useAmbientRecord(table: Y.Doc): AmbientRead {
  const cache = useRef<{ read: AmbientRead } | null>(null);
  const subscribe = useCallback(
    (listener: () => void) =>
      watchAmbient(table, () => {
        cache.current = null;
        listener();
      }),
    [table],
  );
  const snapshot = useCallback(() => {
    cache.current ??= { read: readAmbient(table) };
    return cache.current.read;
  }, [table]);
  return useSyncExternalStore(subscribe, snapshot);
}

function knownDuration(audio: HTMLAudioElement): number | null {
  return Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : null;
}

/**
 * Drives the ambient player of this page.
 * @param relayUrl where assets are fetched (`GET /assets/<sha256>`)
 * @param muted this device's own mute (localMute.ts)
 */
export function useAmbientPlayer(table: Y.Doc, relayUrl: string, muted: boolean): AmbientPlayer {
  const element = useRef<HTMLAudioElement | null>(null);
  const read = useAmbientRecord(table);
  const [blocked, setBlocked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const state: AudioState | null = read.ok ? read.state : null;
  const current = useRef(state);
  current.current = state;

  // Once refused, the player waits for "Enable sound" rather than asking again every second:
  // the browser's answer will not change before the person interacts.
  const refused = useRef(false);
  const start = useCallback((audio: HTMLAudioElement) => {
    audio.play().then(
      () => {
        refused.current = false;
        setBlocked(false);
      },
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError') {
          if (!refused.current)
            console.info('meshtable audio: the browser blocks sound until a click');
          refused.current = true;
          setBlocked(true);
        }
        // An AbortError is a pause or a new source that came before playback began: the next
        // sync decides again.
        else if (!(error instanceof DOMException && error.name === 'AbortError'))
          setProblem(`This track does not play here: ${String(error)}`);
      },
    );
  }, []);

  const sync = useCallback(() => {
    const audio = element.current;
    const now = current.current;
    if (audio === null) return;
    if (now === null || now.track === null) {
      if (!audio.paused) audio.pause();
      if (audio.dataset.track) {
        audio.removeAttribute('src');
        audio.dataset.track = '';
        audio.load();
      }
      return;
    }
    if (audio.dataset.track !== now.track) {
      audio.dataset.track = now.track;
      audio.src = assetUrl(relayUrl, now.track);
      setProblem(null);
    }
    audio.loop = now.loop;
    audio.volume = now.volume;
    const duration = knownDuration(audio);
    const at = trackPosition(now, Date.now(), duration);
    if (needsSeek(audio.currentTime, at.seconds, duration, now.loop))
      audio.currentTime = at.seconds;
    if (now.playing && !at.ended) {
      if (audio.paused && !refused.current) start(audio);
    } else if (!audio.paused) audio.pause();
  }, [relayUrl, start]);

  // The mute is this device's alone: it never touches the shared position.
  useEffect(() => {
    if (element.current !== null) element.current.muted = muted;
  }, [muted]);

  useEffect(() => {
    void state;
    sync();
  }, [state, sync]);

  useEffect(() => {
    const audio = element.current;
    const timer = window.setInterval(sync, RESYNC_MS);
    const onError = () => {
      if (audio?.dataset.track)
        setProblem(
          'This track cannot be loaded: the relay may not have it, or this browser cannot play its format.',
        );
    };
    audio?.addEventListener('loadedmetadata', sync);
    audio?.addEventListener('error', onError);
    return () => {
      window.clearInterval(timer);
      audio?.removeEventListener('loadedmetadata', sync);
      audio?.removeEventListener('error', onError);
      audio?.pause();
    };
  }, [sync]);

  const enable = useCallback(() => {
    const audio = element.current;
    if (audio === null) return;
    refused.current = false;
    if (current.current?.playing === true) {
      // In the click itself: sync seeks to the shared position and calls play() at once.
      sync();
      return;
    }
    // Nothing plays now: a play and pause in the click is enough for the browser to let this
    // page start sound later.
    audio.play().then(
      () => {
        if (current.current?.playing !== true) audio.pause();
        setBlocked(false);
      },
      () => setBlocked(false),
    );
  }, [sync]);

  const duration = useCallback(
    () => (element.current === null ? null : knownDuration(element.current)),
    [],
  );

  return { element, read, blocked, problem, enable, duration };
}
