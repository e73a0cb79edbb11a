/**
 * Files brought to the board: images dropped (or pasted) on the map become tokens where they
 * fell, or the scene's background; Universal VTT maps, dropped or chosen with "Import map",
 * become scenes. Each file is a job with its progress and, at the end, its outcome, which the
 * board shows (BoardUploads.tsx). One file at a time, in the order they came, so that each
 * progress means something and the first is ready soonest.
 *
 * Only GMs bring files: a player's drop is refused with a message (players do not upload yet).
 * Every upload goes through the asset client (apps/web/src/assets): checked, content-addressed,
 * listed in the GM's library, kept in this browser; the board never makes tldraw image assets.
 */
import type { Scene } from '@meshtable/schema';
import {
  type AssetSession,
  IMAGE_TYPES,
  importUniversalVtt,
  isMapFile,
  type UploadAssetOptions,
  type UploadProgress,
  uploadAsset,
} from '../../assets';
import { describeFailure } from '../campaignBoard/boardFailure';
import type { BoardSession } from '../campaignBoard/boardSession';
import type { Point } from '../grid/gridGeometry';
import { updateScene } from '../scene/sceneWrites';
import { createToken, deleteToken } from '../tokens/tokenWrites';
import { type AssetUse, findAssetUses } from './assetUses';
import { dropCorner, tokenNameOf } from './dropPlacement';
import { type RemoveFromRelay, removeFromRelay } from './relayAssetRemoval';
import { removeLibraryAsset } from './removeAsset';

/** What a file becomes. */
export type BoardFileKind = 'token' | 'background' | 'map';

/** Where a job is. */
export type BoardFileState = 'waiting' | 'working' | 'done' | 'failed' | 'cancelled';

/** One file on its way to the board. */
export interface BoardFileJob {
  readonly id: number;
  /** The file's name (or "3 files" for a refused drop of several). */
  readonly name: string;
  readonly kind: BoardFileKind;
  readonly state: BoardFileState;
  /** Bytes sent of `total`, while uploading. */
  readonly loaded: number;
  readonly total: number;
  /** What it is doing, or how it ended (a refusal's reason): words for the person. */
  readonly message: string;
  /** A token made from the file: the board offers to use the image as the background instead. */
  readonly placed?: { readonly tokenId: string; readonly sceneId: string; readonly sha256: string };
}

/** How a drop is meant. */
export interface DropOptions {
  /** The image is the viewed scene's background (Shift held), not a token. */
  readonly asBackground?: boolean;
}

/** What {@link BoardFiles} needs of the board. */
export interface BoardFilesHost {
  /** The campaign, as the board writes it. */
  readonly board: BoardSession;
  /** The campaign, as the asset client uploads to it (a CampaignSession is both). */
  readonly assets: AssetSession;
  /** The scene on the board now, or null. */
  viewedScene(): Scene | null;
  /** Shows a scene (an imported map's). */
  viewScene(sceneId: string): void;
  /** Replaces the relay's endpoints and the retry schedule (unit tests). */
  readonly upload?: Pick<UploadAssetOptions, 'transport' | 'retry' | 'now'>;
  /** Replaces the relay's `DELETE /assets/<sha256>` (unit tests). */
  readonly removeFromRelay?: RemoveFromRelay;
}

const FINISHED: readonly BoardFileState[] = ['done', 'failed', 'cancelled'];

/** The board's file jobs, and what starts and ends them. */
export class BoardFiles {
  readonly #host: BoardFilesHost;
  readonly #listeners = new Set<() => void>();
  readonly #running = new Map<number, AbortController>();
  #jobs: readonly BoardFileJob[] = [];
  #nextId = 1;
  #chain: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(host: BoardFilesHost) {
    this.#host = host;
  }

  /** The jobs, oldest first; a new array after every change. */
  readonly jobs = (): readonly BoardFileJob[] => this.#jobs;

  /** Calls `listener` after every change of the jobs; returns a function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Files dropped (or pasted) on the board at `point` (scene pixels): maps are imported as
   * scenes; images become tokens there (or, with `asBackground`, the viewed scene's background).
   * What a new drop brings replaces the outcomes of the last one.
   */
  drop(files: readonly File[], point: Point, options: DropOptions = {}): void {
    if (files.length === 0 || this.#disposed) return;
    this.#clearFinished();
    const first = files[0] as File;
    const name = files.length === 1 ? first.name : `${files.length} files`;
    if (this.#host.assets.state().role !== 'gm') {
      this.#refuse(name, 'token', 'Only the GM adds files to the board: send it to your GM.');
      return;
    }
    const scene = this.#host.viewedScene();
    let order = 0;
    for (const file of files) {
      if (isMapFile(file.name)) {
        this.#start(file, 'map', (id) => this.#importMap(id, file));
        continue;
      }
      const kind: BoardFileKind = options.asBackground === true ? 'background' : 'token';
      if (scene === null) {
        this.#refuse(
          file.name,
          kind,
          'There is no scene to put it on: add a scene (Scenes, “Add scene”), then drop the image on it.',
        );
        continue;
      }
      const place = order++;
      this.#start(file, kind, (id) =>
        kind === 'background'
          ? this.#addBackground(id, file, scene)
          : this.#addToken(id, file, scene, point, place),
      );
    }
  }

  /**
   * What a drop here would do, for the hint shown while files are dragged over the board (the
   * files' names are not known before the drop, only that they are files).
   */
  dropHint(asBackground: boolean): { readonly text: string; readonly refused: boolean } {
    if (this.#host.assets.state().role !== 'gm') {
      return { text: 'Only the GM adds files to the board.', refused: true };
    }
    const scene = this.#host.viewedScene();
    if (scene === null) {
      return {
        text: 'Drop a .dd2vtt or .uvtt map to make a scene of it. Images need a scene: add one first.',
        refused: false,
      };
    }
    return asBackground
      ? { text: `Drop to make the image the background of “${scene.name}”.`, refused: false }
      : {
          text: 'Drop to place the image as a token here. Hold Shift to make it the background instead; a .dd2vtt or .uvtt map becomes a new scene.',
          refused: false,
        };
  }

  /** A Universal VTT map chosen with "Import map": a new hidden scene, shown once made. */
  importMap(file: File): void {
    if (this.#disposed) return;
    this.#clearFinished();
    this.#start(file, 'map', (id) => this.#importMap(id, file));
  }

  /** Stops a job that is waiting or under way. */
  cancel(id: number): void {
    this.#running.get(id)?.abort();
    const job = this.#jobs.find((j) => j.id === id);
    if (job?.state === 'waiting') this.#update(id, { state: 'cancelled', message: 'Cancelled.' });
  }

  /** Takes a finished job off the list. */
  dismiss(id: number): void {
    const kept = this.#jobs.filter((job) => job.id !== id || !FINISHED.includes(job.state));
    if (kept.length !== this.#jobs.length) this.#set(kept);
  }

  /**
   * The image of a token just made from a drop becomes its scene's background instead: the
   * token goes, the scene takes the image.
   */
  makeBackgroundInstead(id: number): void {
    const job = this.#jobs.find((j) => j.id === id);
    const placed = job?.placed;
    if (job === undefined || placed === undefined) return;
    const { board } = this.#host;
    try {
      updateScene(board, placed.sceneId, { background: placed.sha256 });
      deleteToken(board, placed.tokenId);
      const { placed: _gone, ...rest } = job;
      this.#replace({
        ...rest,
        kind: 'background',
        message: `“${job.name}” is the scene’s background now.`,
      });
    } catch (error) {
      this.#update(id, { message: describeFailure(error).message });
    }
  }

  /**
   * What in the campaign still uses an asset (scene backgrounds, tokens, portraits, handouts),
   * for the warning before it is removed.
   */
  usesOf(sha256: string): AssetUse[] {
    return findAssetUses(this.#host.assets, sha256);
  }

  /**
   * Removes an asset from the campaign: the relay drops the table's claim (freeing its space, and
   * the bytes once no table holds them), the library forgets it.
   * @returns what happened, in words for the GM
   * @throws AssetError (removeAsset.ts) with a message to show; nothing changed then
   */
  removeAsset(sha256: string): Promise<string> {
    return removeLibraryAsset(
      this.#host.assets,
      sha256,
      this.#host.removeFromRelay ?? removeFromRelay,
    );
  }

  /** Stops every job (the board is going away). */
  dispose(): void {
    this.#disposed = true;
    for (const controller of this.#running.values()) controller.abort();
    this.#listeners.clear();
  }

  #start(file: File, kind: BoardFileKind, work: (id: number) => Promise<string>): void {
    const id = this.#nextId++;
    const controller = new AbortController();
    this.#running.set(id, controller);
    this.#add({
      id,
      name: file.name,
      kind,
      state: 'waiting',
      loaded: 0,
      total: file.size,
      message: 'Waiting for the files before it…',
    });
    this.#chain = this.#chain.then(async () => {
      if (controller.signal.aborted) return;
      this.#update(id, { state: 'working', message: 'Checking…' });
      try {
        const message = await work(id);
        this.#update(id, { state: 'done', message });
      } catch (error) {
        const cancelled = (error as { code?: unknown } | null)?.code === 'ASSET_CANCELLED';
        this.#update(id, {
          state: cancelled ? 'cancelled' : 'failed',
          message: cancelled ? 'Cancelled.' : describeFailure(error).message,
        });
      } finally {
        this.#running.delete(id);
      }
    });
  }

  async #upload(id: number, file: File): Promise<string> {
    const uploaded = await uploadAsset(this.#host.assets, file, {
      ...this.#host.upload,
      accept: IMAGE_TYPES,
      onProgress: (progress) => this.#progress(id, progress, 'Uploading'),
      ...this.#signal(id),
    });
    return uploaded.sha256;
  }

  async #addToken(
    id: number,
    file: File,
    scene: Scene,
    point: Point,
    order: number,
  ): Promise<string> {
    const sha256 = await this.#upload(id, file);
    const corner = dropCorner(scene, point, 1, order);
    const tokenId = createToken(this.#host.board, {
      sceneId: scene.id,
      name: tokenNameOf(file.name),
      image: sha256,
      size: 1,
      ...corner,
    });
    this.#update(id, { placed: { tokenId, sceneId: scene.id, sha256 } });
    return `Placed “${tokenNameOf(file.name)}” on “${scene.name}”.`;
  }

  async #addBackground(id: number, file: File, scene: Scene): Promise<string> {
    const sha256 = await this.#upload(id, file);
    updateScene(this.#host.board, scene.id, { background: sha256 });
    return `“${file.name}” is the background of “${scene.name}” now.`;
  }

  async #importMap(id: number, file: File): Promise<string> {
    const imported = await importUniversalVtt(this.#host.assets, file, {
      ...this.#signal(id),
      ...(this.#host.upload === undefined ? {} : { upload: this.#host.upload }),
      onProgress: ({ phase, upload }) => {
        if (phase === 'reading') this.#update(id, { message: 'Reading the map…' });
        else if (upload !== undefined) {
          const what = phase === 'image' ? 'Uploading the map’s image' : 'Uploading its walls';
          this.#progress(id, upload, what);
        }
      },
    });
    this.#host.viewScene(imported.sceneId);
    const { walls, doors, lights } = imported.counts;
    return `Made the scene “${imported.scene.name}”, hidden from the players until you share it (${count(walls, 'wall')}, ${count(doors, 'door')}, ${count(lights, 'light')}).`;
  }

  /** The bytes go to `loaded`; the words change with the phase only, not with every byte. */
  #progress(id: number, progress: UploadProgress, what: string): void {
    this.#update(id, {
      loaded: progress.loaded,
      total: progress.total,
      message:
        progress.phase === 'retrying'
          ? `${progress.retryReason ?? 'It failed.'} Trying again (try ${progress.attempt})…`
          : progress.phase === 'checking'
            ? 'Checking…'
            : `${what}…`,
    });
  }

  #signal(id: number): { signal?: AbortSignal } {
    const controller = this.#running.get(id);
    return controller === undefined ? {} : { signal: controller.signal };
  }

  #refuse(name: string, kind: BoardFileKind, message: string): void {
    this.#add({ id: this.#nextId++, name, kind, state: 'failed', loaded: 0, total: 0, message });
  }

  #add(job: BoardFileJob): void {
    this.#set([...this.#jobs, job]);
  }

  #update(id: number, change: Partial<BoardFileJob>): void {
    this.#set(this.#jobs.map((job) => (job.id === id ? { ...job, ...change } : job)));
  }

  #replace(next: BoardFileJob): void {
    this.#set(this.#jobs.map((job) => (job.id === next.id ? next : job)));
  }

  #clearFinished(): void {
    const kept = this.#jobs.filter((job) => !FINISHED.includes(job.state));
    if (kept.length !== this.#jobs.length) this.#set(kept);
  }

  #set(jobs: readonly BoardFileJob[]): void {
    this.#jobs = jobs;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** `1 wall`, `3 walls`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
