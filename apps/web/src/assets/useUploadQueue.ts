/**
 * The library's uploads, one after another: each file dropped or chosen becomes a row with its
 * own progress, which ends added, refused (with the reason) or cancelled. A Universal VTT map
 * is imported as a scene rather than uploaded as is. One at a time, so that each file's progress
 * means something and the first file is ready soonest.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AssetError } from './AssetError';
import type { AssetSession } from './AssetSession';
import { LIBRARY_TYPES } from './checkAssetFile';
import { uploadAsset } from './uploadAsset';
import { type ImportedMap, importUniversalVtt } from './uvtt/importUniversalVtt';

/** Where one row of the queue is. */
export type UploadState =
  | 'waiting'
  | 'checking'
  | 'uploading'
  | 'retrying'
  | 'done'
  | 'failed'
  | 'cancelled';

/** One file in the queue. */
export interface UploadItem {
  readonly id: number;
  readonly name: string;
  /** A map is imported as a scene; anything else is added to the library. */
  readonly kind: 'asset' | 'map';
  readonly state: UploadState;
  readonly loaded: number;
  readonly total: number;
  /** What to tell the person: the outcome, a refusal's reason, or why it is retrying. */
  readonly message: string | null;
}

/** Universal VTT files, by the names map editors give them. */
const MAP_FILE = /\.(dd2vtt|uvtt|df2vtt)$/i;

/** Whether a file is a map to import rather than an asset to add. */
export function isMapFile(name: string): boolean {
  return MAP_FILE.test(name);
}

/** The queue, and what can be done to it. */
export interface UploadQueue {
  readonly items: readonly UploadItem[];
  add(files: Iterable<File>): void;
  cancel(id: number): void;
  dismiss(id: number): void;
  /** Takes away every row that is over (added, refused or cancelled). */
  clearFinished(): void;
}

const FINISHED: readonly UploadState[] = ['done', 'failed', 'cancelled'];

/** The library's upload queue for one session. */
export function useUploadQueue(
  session: AssetSession,
  onImported?: (imported: ImportedMap) => void,
): UploadQueue {
  const [items, setItems] = useState<readonly UploadItem[]>([]);
  const nextId = useRef(1);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const controllers = useRef(new Map<number, AbortController>());
  const onImportedRef = useRef(onImported);
  onImportedRef.current = onImported;

  // Uploads still running when the library goes away (or the campaign closes) stop.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
    };
  }, []);

  const update = useCallback((id: number, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const run = useCallback(
    async (id: number, file: File, kind: UploadItem['kind']) => {
      const controller = controllers.current.get(id);
      if (controller === undefined || controller.signal.aborted) return;
      const { signal } = controller;
      try {
        if (kind === 'map') {
          const imported = await importUniversalVtt(session, file, {
            signal,
            onProgress: ({ phase, upload }) => {
              const message =
                phase === 'reading'
                  ? 'Reading the map…'
                  : phase === 'image'
                    ? 'Uploading the map’s image…'
                    : phase === 'walls'
                      ? 'Uploading its walls, doors and lights…'
                      : null;
              update(id, {
                state: upload?.phase === 'retrying' ? 'retrying' : 'uploading',
                loaded: upload?.loaded ?? 0,
                total: upload?.total ?? file.size,
                message: upload?.retryReason ?? message,
              });
            },
          });
          const { walls, doors, lights } = imported.counts;
          update(id, {
            state: 'done',
            loaded: 1,
            total: 1,
            message: `Made the scene “${imported.scene.name}”, hidden from the players until you share it (${count(walls, 'wall')}, ${count(doors, 'door')}, ${count(lights, 'light')}).`,
          });
          onImportedRef.current?.(imported);
        } else {
          const uploaded = await uploadAsset(session, file, {
            accept: LIBRARY_TYPES,
            signal,
            onProgress: (progress) =>
              update(id, {
                state: progress.phase === 'done' ? 'uploading' : progress.phase,
                loaded: progress.loaded,
                total: progress.total,
                message:
                  progress.phase === 'retrying'
                    ? `${progress.retryReason ?? 'It failed.'} Trying again (try ${progress.attempt})…`
                    : null,
              }),
          });
          update(id, {
            state: 'done',
            loaded: uploaded.size,
            message: uploaded.alreadyThere ? 'Added (the relay had it already).' : 'Added.',
          });
        }
      } catch (error) {
        const cancelled = error instanceof AssetError && error.code === 'ASSET_CANCELLED';
        update(id, {
          state: cancelled ? 'cancelled' : 'failed',
          message: cancelled ? 'Cancelled.' : describeFailure(error),
        });
      } finally {
        controllers.current.delete(id);
      }
    },
    [session, update],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const added: UploadItem[] = [];
      for (const file of files) {
        const id = nextId.current++;
        const kind = isMapFile(file.name) ? 'map' : 'asset';
        controllers.current.set(id, new AbortController());
        added.push({
          id,
          name: file.name,
          kind,
          state: 'waiting',
          loaded: 0,
          total: file.size,
          message: null,
        });
        chain.current = chain.current.then(() => run(id, file, kind));
      }
      if (added.length > 0) setItems((current) => [...current, ...added]);
    },
    [run],
  );

  const cancel = useCallback((id: number) => {
    const controller = controllers.current.get(id);
    if (controller === undefined) return;
    controller.abort();
    // A file still waiting never starts; its row says so at once.
    setItems((current) =>
      current.map((item) =>
        item.id === id && item.state === 'waiting'
          ? { ...item, state: 'cancelled', message: 'Cancelled.' }
          : item,
      ),
    );
  }, []);

  const dismiss = useCallback((id: number) => {
    setItems((current) => current.filter((item) => item.id !== id));
  }, []);

  const clearFinished = useCallback(() => {
    setItems((current) => current.filter((item) => !FINISHED.includes(item.state)));
  }, []);

  return { items, add, cancel, dismiss, clearFinished };
}

/** `1 wall`, `3 walls`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A failure in words: ours and the relay's are written for people; anything else is wrapped. */
function describeFailure(error: unknown): string {
  if (
    error instanceof Error &&
    (error.name === 'AssetError' || error.name === 'UniversalVttError')
  ) {
    return error.message;
  }
  if (error instanceof Error && error.name === 'CampaignError') {
    return `The scene could not be made: ${error.message}`;
  }
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
