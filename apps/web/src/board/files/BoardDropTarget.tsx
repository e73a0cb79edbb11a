import { useEffect, useRef, useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardFiles } from './BoardFiles';
import { BoardUploads } from './BoardUploads';
import './boardFiles.css';

/** How long the drop hint stays after the last `dragover` (they come every ~50 ms). */
const HINT_LINGER_MS = 250;

/**
 * Files dragged onto the board: while they hover, a hint says what a drop will do (and that
 * Shift makes an image the background); dropped (or pasted), they go to {@link BoardFiles}
 * instead of tldraw's own handler, and their uploads show at the bottom of the board.
 */
export function BoardDropTarget({
  editor,
  files,
}: {
  readonly editor: Editor;
  readonly files: BoardFiles;
}) {
  const [hint, setHint] = useState<ReturnType<BoardFiles['dropHint']> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const container = editor.getContainer();
    // A drop's Shift key: tldraw hands the files over without the event, so it is read on the
    // way down (capture), before tldraw's own drop handler runs.
    let asBackground = false;
    const hide = () => {
      clearTimeout(timer.current);
      setHint(null);
    };
    const onDragOver = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files') !== true) return;
      setHint(files.dropHint(event.shiftKey));
      clearTimeout(timer.current);
      timer.current = setTimeout(hide, HINT_LINGER_MS);
    };
    const onDrop = (event: DragEvent) => {
      asBackground = event.shiftKey;
      hide();
    };
    // A file dropped beside the map (on a panel, the toolbar) would make the browser leave the
    // board to open it: what no drop zone took is refused, with a "no drop" pointer.
    const onStrayDragOver = (event: DragEvent) => {
      if (event.defaultPrevented || event.dataTransfer?.types.includes('Files') !== true) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'none';
    };
    const onStrayDrop = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files') === true) event.preventDefault();
    };
    container.addEventListener('dragover', onDragOver);
    container.addEventListener('drop', onDrop, { capture: true });
    window.addEventListener('dragover', onStrayDragOver);
    window.addEventListener('drop', onStrayDrop);
    editor.registerExternalContentHandler('files', ({ files: dropped, point }) => {
      files.drop(dropped, point ?? editor.getViewportPageBounds().center, { asBackground });
      asBackground = false;
    });
    return () => {
      container.removeEventListener('dragover', onDragOver);
      container.removeEventListener('drop', onDrop, { capture: true });
      window.removeEventListener('dragover', onStrayDragOver);
      window.removeEventListener('drop', onStrayDrop);
      editor.registerExternalContentHandler('files', null);
      hide();
    };
  }, [editor, files]);

  return (
    <>
      {hint !== null && (
        <div
          className="mt-board-drop-hint"
          data-testid="board-drop-hint"
          data-refused={hint.refused}
          aria-hidden="true"
        >
          <p>{hint.text}</p>
        </div>
      )}
      <BoardUploads files={files} />
    </>
  );
}
