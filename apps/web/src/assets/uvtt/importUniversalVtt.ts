/**
 * Imports a Universal VTT map (.dd2vtt, .uvtt) as a new scene: the file read and checked, its
 * image uploaded as an asset (and listed in the GM's library), its walls, doors and lights
 * uploaded as the scene's geometry, and the scene created hidden, in the gm doc, as the board
 * creates scenes (the GM shares it, or moves the party there, when ready). Nothing is written
 * into a doc until both uploads are on the relay, so a failure leaves no scene without its map.
 */
import { addHiddenScene } from '@meshtable/campaign';
import {
  GM_MAPS,
  MAX_UNIVERSAL_VTT_BYTES,
  parseUniversalVtt,
  type Scene,
  TABLE_MAPS,
  UniversalVttError,
} from '@meshtable/schema';
import * as Y from 'yjs';
import { AssetError, formatBytes } from '../AssetError';
import type { AssetSession } from '../AssetSession';
import type { NamedBlob } from '../checkAssetFile';
import { throwIfCancelled } from '../retry';
import { type UploadedAsset, type UploadProgress, uploadAsset } from '../uploadAsset';
import {
  geometryFromUniversalVtt,
  type ImportedSceneFields,
  sceneFromUniversalVtt,
} from './uvttScene';

/** Where an import is. */
export type ImportPhase =
  /** Reading and checking the file. */
  | 'reading'
  /** Uploading the map's image. */
  | 'image'
  /** Uploading its walls, doors and lights. */
  | 'walls'
  /** Done: the scene exists. */
  | 'done';

/** Progress of an import. */
export interface ImportProgress {
  readonly phase: ImportPhase;
  /** The upload under way, while `image` or `walls`. */
  readonly upload?: UploadProgress;
}

/** Options of {@link importUniversalVtt}. */
export interface ImportUniversalVttOptions {
  /** The scene's name; default: the file's name without its extension. */
  readonly name?: string;
  /** Overrides of the imported grid (its colour, units, distance per cell). */
  readonly grid?: ImportedSceneFields['grid'];
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly signal?: AbortSignal;
  /** Passed to the uploads (unit tests replace the relay's endpoints). */
  readonly upload?: Pick<Parameters<typeof uploadAsset>[2], 'transport' | 'retry' | 'now'>;
}

/** A map made into a scene. */
export interface ImportedMap {
  readonly sceneId: string;
  readonly scene: Scene;
  /** The map's image, on the relay and in the GM's library. */
  readonly image: UploadedAsset;
  /** How much the map's geometry holds. */
  readonly counts: { readonly walls: number; readonly doors: number; readonly lights: number };
}

/**
 * Imports a Universal VTT map as a new hidden scene. What the board's "Import map" calls.
 * @returns the new scene (hidden: in the gm doc) and its image
 * @throws UniversalVttError for a file that cannot be read (each its `UVTT_*` code); AssetError
 *   for an upload that failed (`ASSET_*`) or a viewer who is not a GM (`ASSET_NOT_GM`); both
 *   with a message to show as it is
 * @example
 * ```ts
 * const { sceneId } = await importUniversalVtt(session, file, {
 *   onProgress: (progress) => setProgress(progress),
 * });
 * activateScene(session, sceneId); // or leave it hidden until the party gets there
 * ```
 */
export async function importUniversalVtt(
  session: AssetSession,
  file: NamedBlob,
  options: ImportUniversalVttOptions = {},
): Promise<ImportedMap> {
  const gm = session.gm;
  if (session.state().role !== 'gm' || gm === null) {
    throw new AssetError('ASSET_NOT_GM', 'Only a GM imports maps.');
  }
  const { signal } = options;
  options.onProgress?.({ phase: 'reading' });
  if (file.size > MAX_UNIVERSAL_VTT_BYTES) {
    throw new UniversalVttError(
      'UVTT_TOO_LARGE',
      `“${file.name}” is ${formatBytes(file.size)}; a map file of up to ${formatBytes(MAX_UNIVERSAL_VTT_BYTES)} is imported.`,
    );
  }
  const map = parseUniversalVtt(await file.text());
  throwIfCancelled(signal);
  const geometry = geometryFromUniversalVtt(map);
  const name = sceneName(options.name ?? file.name);

  const common = { ...options.upload, ...(signal === undefined ? {} : { signal }) };
  const image = await uploadAsset(
    session,
    new File([map.image.bytes], `${name}.${map.image.type === 'jpeg' ? 'jpg' : map.image.type}`),
    {
      ...common,
      accept: ['png', 'jpeg', 'webp'],
      onProgress: (upload) => options.onProgress?.({ phase: 'image', upload }),
    },
  );
  let geometrySha: string | null = null;
  if (geometry !== null) {
    const walls = await uploadAsset(
      session,
      new File([JSON.stringify(geometry)], `${name} walls.json`),
      {
        ...common,
        accept: ['json'],
        list: false,
        onProgress: (upload) => options.onProgress?.({ phase: 'walls', upload }),
      },
    );
    geometrySha = walls.sha256;
  }
  throwIfCancelled(signal);

  const scene = sceneFromUniversalVtt(map, {
    id: newSceneId(),
    name,
    order: nextSceneOrder(session.table, gm),
    background: image.sha256,
    geometry: geometrySha,
    ...(options.grid === undefined ? {} : { grid: options.grid }),
  });
  addHiddenScene(session.table, gm, scene);
  options.onProgress?.({ phase: 'done' });
  return {
    sceneId: scene.id,
    scene,
    image,
    counts: {
      walls: map.walls.length + map.objectWalls.length,
      doors: map.portals.length,
      lights: map.lights.length,
    },
  };
}

/** A file's name as a scene's: its extension taken off, within a name's 100 characters. */
export function sceneName(fileName: string): string {
  const base = fileName.replace(/\.(dd2vtt|uvtt|df2vtt|json)$/i, '').trim();
  return base.slice(0, 100).trim() || 'Imported map';
}

/** After every scene there is, shown or hidden. */
function nextSceneOrder(table: Y.Doc, gm: Y.Doc): number {
  let next = 0;
  for (const map of [table.getMap(TABLE_MAPS.scenes), gm.getMap(GM_MAPS.scenes)]) {
    for (const stored of map.values()) {
      const order = stored instanceof Y.Map ? stored.get('order') : undefined;
      if (typeof order === 'number' && Number.isFinite(order)) next = Math.max(next, order + 1);
    }
  }
  return next;
}

/** A new record id: 16 random bytes as base64url. */
function newSceneId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
