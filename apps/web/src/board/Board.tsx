import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { type Editor, type TLStore, Tldraw } from 'tldraw';
import 'tldraw/tldraw.css';
import { BOARD_BINDING_UTILS, BOARD_SHAPE_UTILS } from './boardUtils';
import { keepContentLocal } from './keepContentLocal';

/**
 * tldraw's fonts, icons, translations and embed icons, bundled by Vite from @tldraw/assets.
 * Without this tldraw loads them from its own CDN, and the page must load nothing from outside
 * its origin. Computed once: tldraw wants a stable object.
 */
const ASSET_URLS = getAssetUrlsByImport();

/** Props of {@link Board}. */
export interface BoardProps {
  /** The store, already bound to the board's document. */
  readonly store: TLStore;
  /** From the relay's `/config`; null when none is configured. */
  readonly licenseKey: string | null;
  /** Told about the editor once it has mounted, and null when it unmounts. */
  readonly onEditor?: (editor: Editor | null) => void;
}

/** The tldraw canvas of a board. The only component that renders tldraw. */
export function Board({ store, licenseKey, onEditor }: BoardProps) {
  return (
    <Tldraw
      store={store}
      shapeUtils={BOARD_SHAPE_UTILS}
      bindingUtils={BOARD_BINDING_UTILS}
      assetUrls={ASSET_URLS}
      licenseKey={licenseKey ?? undefined}
      onMount={(editor) => {
        keepContentLocal(editor);
        onEditor?.(editor);
        return () => onEditor?.(null);
      }}
    />
  );
}
