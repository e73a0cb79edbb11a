import { useEffect, useState } from 'react';
import { formatBytes } from './AssetError';
import { loadAsset } from './assetCache';
import type { LibraryAsset } from './assetIndex';
import { AUDIO_TYPES, TYPE_LABEL } from './checkAssetFile';
import { thumbnailUrl } from './thumbnails';

/** Props of {@link AssetTile}. */
export interface AssetTileProps {
  readonly asset: LibraryAsset;
  readonly relayUrl: string;
  /** Whether the viewer may share it (a GM). */
  readonly canShare: boolean;
  readonly onShare: (asset: LibraryAsset, shared: boolean) => void;
  /** Picking it (a scene's background, a token's image); absent when nothing picks. */
  readonly onPick?: (asset: LibraryAsset) => void;
  /** Removing it from the campaign (a GM's board library); absent when nothing removes. */
  readonly onRemove?: (asset: LibraryAsset) => void;
  readonly pickLabel: string;
  /** The audio playing in the library, if any: one at a time. */
  readonly playing: string | null;
  readonly onPlay: (sha256: string | null) => void;
}

/**
 * One asset of the library: a thumbnail (or, for audio, a play button), its name as plain text,
 * its type and size, whether the players see it, and what can be done with it.
 */
export function AssetTile(props: AssetTileProps) {
  const { asset } = props;
  const audio = AUDIO_TYPES.includes(asset.type);
  return (
    <li
      className="mt-asset-tile"
      data-testid="asset-tile"
      data-sha256={asset.sha256}
      data-shared={asset.shared}
    >
      {audio ? <AudioPreview {...props} /> : <Thumbnail {...props} />}
      <div className="mt-asset-caption">
        <span className="mt-asset-name" title={asset.name} data-testid="asset-name">
          {asset.name}
        </span>
        <span className="mt-hint">
          {TYPE_LABEL[asset.type].replace(/^an? /, '')} · {formatBytes(asset.size)}
          {props.canShare && (
            <span className={asset.shared ? 'mt-asset-shared' : undefined}>
              {' · '}
              {asset.shared ? 'Players see it' : 'GM only'}
            </span>
          )}
        </span>
      </div>
      <div className="mt-asset-actions">
        {props.onPick !== undefined && !audio && (
          <button
            type="button"
            className="mt-button"
            data-testid="asset-pick"
            aria-label={`${props.pickLabel}: ${asset.name}`}
            onClick={() => props.onPick?.(asset)}
          >
            {props.pickLabel}
          </button>
        )}
        {props.canShare && (
          <button
            type="button"
            className="mt-button"
            data-testid="asset-share"
            aria-pressed={asset.shared}
            aria-label={`Share ${asset.name} with the players`}
            onClick={() => props.onShare(asset, !asset.shared)}
          >
            {asset.shared ? 'Shared' : 'Share'}
          </button>
        )}
        {props.onRemove !== undefined && (
          <button
            type="button"
            className="mt-button"
            data-testid="asset-remove"
            aria-label={`Remove ${asset.name} from the campaign`}
            onClick={() => props.onRemove?.(asset)}
          >
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}

function Thumbnail({ asset, relayUrl }: AssetTileProps) {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    setProblem(null);
    thumbnailUrl(relayUrl, asset.sha256).then(
      (made) => live && setUrl(made),
      (error: unknown) =>
        live && setProblem(error instanceof Error ? error.message : 'Cannot show it.'),
    );
    return () => {
      live = false;
    };
  }, [relayUrl, asset.sha256]);
  return (
    <div className="mt-asset-preview" data-loaded={url !== null}>
      {url !== null ? (
        // The name is the caption beside it: the image itself adds nothing to read aloud.
        <img src={url} alt="" data-testid="asset-thumbnail" />
      ) : (
        <span className="mt-hint" role={problem === null ? undefined : 'note'}>
          {problem ?? 'Loading…'}
        </span>
      )}
    </div>
  );
}

function AudioPreview({ asset, relayUrl, playing, onPlay }: AssetTileProps) {
  const isPlaying = playing === asset.sha256;
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!isPlaying || url !== null) return;
    let live = true;
    loadAsset(relayUrl, asset.sha256).then(
      (blob) => live && setUrl(URL.createObjectURL(blob)),
      (error: unknown) => {
        if (!live) return;
        setProblem(error instanceof Error ? error.message : 'Cannot play it.');
        onPlay(null);
      },
    );
    return () => {
      live = false;
    };
  }, [isPlaying, url, relayUrl, asset.sha256, onPlay]);
  useEffect(
    () => () => {
      if (url !== null) URL.revokeObjectURL(url);
    },
    [url],
  );
  return (
    <div className="mt-asset-preview mt-asset-audio">
      <button
        type="button"
        className="mt-button mt-asset-play"
        aria-pressed={isPlaying}
        aria-label={`${isPlaying ? 'Stop' : 'Play'} ${asset.name}`}
        onClick={() => onPlay(isPlaying ? null : asset.sha256)}
      >
        {isPlaying ? '■ Stop' : '▶ Play'}
      </button>
      {isPlaying && url !== null && (
        // biome-ignore lint/a11y/useMediaCaption: ambience and effects, with no words to caption
        <audio src={url} autoPlay onEnded={() => onPlay(null)} />
      )}
      {problem !== null && <span className="mt-hint">{problem}</span>}
    </div>
  );
}
