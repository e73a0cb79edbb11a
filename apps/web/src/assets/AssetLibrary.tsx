import { type DragEvent, useCallback, useId, useRef, useState, useSyncExternalStore } from 'react';
import { AssetError } from './AssetError';
import type { AssetSession } from './AssetSession';
import { AssetTile } from './AssetTile';
import { type LibraryAsset, setAssetShared } from './assetIndex';
import { filterLibrary, type LibraryKind } from './libraryFilter';
import { UploadList } from './UploadList';
import { useLibrary } from './useLibrary';
import { useUploadQueue } from './useUploadQueue';
import type { ImportedMap } from './uvtt/importUniversalVtt';
import './assetLibrary.css';

/** Props of {@link AssetLibrary}. */
export interface AssetLibraryProps {
  /** The open campaign (a CampaignSession satisfies this). */
  readonly session: AssetSession;
  /**
   * The GM picked an image: set it as a scene's background or a token's image. Without it,
   * tiles offer no pick.
   */
  readonly onPick?: (asset: LibraryAsset) => void;
  /**
   * A GM asked to remove an asset from the campaign (the board's library confirms, then asks the
   * relay). Without it, tiles offer no removal; players never see one.
   */
  readonly onRemove?: (asset: LibraryAsset) => void;
  /** The pick button's words, e.g. "Use as background"; default "Use". */
  readonly pickLabel?: string;
  /** The kind shown first; the viewer can change it. Default: everything. */
  readonly initialKind?: LibraryKind;
  /** A map file added here became a (hidden) scene: the board may want to show it. */
  readonly onImported?: (imported: ImportedMap) => void;
  /** The heading's text; default "Assets". */
  readonly title?: string;
}

/** What the file chooser offers: the library's types, and Universal VTT maps. */
const ACCEPT = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  '.mp3',
  '.ogg',
  '.wav',
  '.dd2vtt',
  '.uvtt',
  '.df2vtt',
].join(',');

/**
 * The campaign's images and audio: thumbnails, names and sizes, a search, and for GMs uploads
 * (a button and a drop zone, each file with its progress), sharing with the players, and a pick
 * for whoever wires one (the board: a scene's background, a token's image). A Universal VTT map
 * added here is imported as a hidden scene. Players see what the GM shared.
 * @example
 * ```tsx
 * <AssetLibrary
 *   session={session}
 *   initialKind="image"
 *   pickLabel="Use as background"
 *   onPick={(asset) => updateScene(session, sceneId, { background: asset.sha256 })}
 * />
 * ```
 */
export function AssetLibrary(props: AssetLibraryProps) {
  const { session } = props;
  const role = useSyncExternalStore(session.subscribe, () => session.state().role);
  const isGm = role === 'gm' && session.gm !== null;
  const assets = useLibrary(session);
  const queue = useUploadQueue(session, props.onImported);
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<LibraryKind>(props.initialKind ?? 'all');
  const [playing, setPlaying] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), search: useId(), kind: useId(), drop: useId() };
  const shown = filterLibrary(assets, query, kind);

  const share = useCallback(
    (asset: LibraryAsset, shared: boolean) => {
      try {
        setAssetShared(session, asset.sha256, shared);
        setProblem(null);
      } catch (error) {
        setProblem(error instanceof AssetError ? error.message : String(error));
      }
    },
    [session],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (isGm) queue.add(event.dataTransfer.files);
  };
  const onDragOver = (event: DragEvent) => {
    if (!isGm || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  return (
    <section
      className="mt-assets"
      aria-labelledby={ids.title}
      data-testid="asset-library"
      data-dragging={dragging}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="mt-assets-head">
        <h2 id={ids.title}>{props.title ?? 'Assets'}</h2>
        <span className="mt-hint" data-testid="asset-count">
          {assets.length === 1 ? '1 file' : `${assets.length} files`}
        </span>
      </div>

      {isGm && (
        <div className="mt-asset-drop">
          <button
            type="button"
            className="mt-button"
            aria-describedby={ids.drop}
            onClick={() => input.current?.click()}
          >
            Upload files…
          </button>
          <p id={ids.drop} className="mt-hint">
            or drop them here. Images and audio up to 25 MB; a .dd2vtt or .uvtt map becomes a scene.
            Players see a file once you share it.
          </p>
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            data-testid="asset-upload-input"
            onChange={(event) => {
              const files = event.currentTarget.files;
              if (files !== null) queue.add(files);
              // The same file can be chosen again (after fixing a refusal elsewhere, say).
              event.currentTarget.value = '';
            }}
          />
        </div>
      )}

      <UploadList queue={queue} />

      <div className="mt-asset-filters">
        <label className="mt-field" htmlFor={ids.search}>
          <span>Search</span>
          <input
            id={ids.search}
            type="search"
            value={query}
            placeholder="Name"
            data-testid="asset-search"
            onChange={(event) => setQuery(event.currentTarget.value)}
          />
        </label>
        <label className="mt-field" htmlFor={ids.kind}>
          <span>Show</span>
          <select
            id={ids.kind}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as LibraryKind)}
          >
            <option value="all">Images and audio</option>
            <option value="image">Images</option>
            <option value="audio">Audio</option>
          </select>
        </label>
      </div>

      {problem !== null && (
        <p className="mt-error" role="alert" data-testid="asset-problem">
          {problem}
        </p>
      )}

      {shown.length > 0 ? (
        <ul className="mt-asset-grid" aria-label="Files">
          {shown.map((asset) => (
            <AssetTile
              key={asset.sha256}
              asset={asset}
              relayUrl={session.assetRelay.url}
              canShare={isGm}
              onShare={share}
              {...(props.onPick === undefined ? {} : { onPick: props.onPick })}
              {...(props.onRemove === undefined || !isGm ? {} : { onRemove: props.onRemove })}
              pickLabel={props.pickLabel ?? 'Use'}
              playing={playing}
              onPlay={setPlaying}
            />
          ))}
        </ul>
      ) : (
        <p className="mt-hint" data-testid="asset-empty">
          {assets.length > 0
            ? 'No file matches the search.'
            : isGm
              ? 'No files yet. Upload images and audio for your scenes, tokens and handouts.'
              : 'The GM has shared no files yet.'}
        </p>
      )}
    </section>
  );
}
