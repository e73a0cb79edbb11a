import { type Editor, type TLStore, Tldraw } from 'tldraw';
import 'tldraw/tldraw.css';
import { BOARD_BINDING_UTILS, BOARD_SHAPE_UTILS } from './boardUtils';
import { keepContentLocal } from './keepContentLocal';
import { TLDRAW_ASSET_URLS } from './tldrawAssetUrls';

/** Props of {@link Board}. */
export interface BoardProps {
  /** The store, already bound to the board's document. */
  readonly store: TLStore;
  /** From the relay's `/config`; null when none is configured. */
  readonly licenseKey: string | null;
  /** Told about the editor once it has mounted, and null when it unmounts. */
  readonly onEditor?: (editor: Editor | null) => void;
}

/** The tldraw canvas of a free board (the campaign board is campaignBoard/CampaignBoard.tsx). */
export function Board({ store, licenseKey, onEditor }: BoardProps) {
  return (
    <Tldraw
      store={store}
      shapeUtils={BOARD_SHAPE_UTILS}
      bindingUtils={BOARD_BINDING_UTILS}
      assetUrls={TLDRAW_ASSET_URLS}
      licenseKey={licenseKey ?? undefined}
      onMount={(editor) => {
        keepContentLocal(editor);
        onEditor?.(editor);
        return () => onEditor?.(null);
      }}
    />
  );
}
