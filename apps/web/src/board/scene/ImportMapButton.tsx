import { useId, useRef } from 'react';
import type { BoardFiles } from '../files/BoardFiles';

/** The files "Import map" offers: Universal VTT maps, by the names map editors give them. */
const MAP_FILES = '.dd2vtt,.uvtt,.df2vtt';

/**
 * "Import map…": Universal VTT maps (Dungeondraft, DungeonFog, Dungeon Alchemist…) chosen from
 * the device become hidden scenes with their background and grid, each shown once made. Their
 * progress and any reason one is refused show with the board's uploads.
 */
export function ImportMapButton({ files }: { readonly files: BoardFiles }) {
  const input = useRef<HTMLInputElement>(null);
  const hint = useId();
  return (
    <div className="mt-import-map">
      <button
        type="button"
        className="mt-button"
        data-testid="import-map"
        aria-describedby={hint}
        onClick={() => input.current?.click()}
      >
        Import map…
      </button>
      <span id={hint} className="mt-hint">
        A .dd2vtt or .uvtt map becomes a hidden scene with its image and grid. You can also drop one
        on the board.
      </span>
      <input
        ref={input}
        type="file"
        accept={MAP_FILES}
        multiple
        hidden
        data-testid="import-map-input"
        onChange={(event) => {
          for (const file of event.currentTarget.files ?? []) files.importMap(file);
          // The same file can be chosen again (after a refusal, say).
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
