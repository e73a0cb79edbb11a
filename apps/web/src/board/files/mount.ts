/**
 * What the campaign board mounts of the board's files (images dropped as tokens or
 * backgrounds, maps imported as scenes, the pickers' library, images through the asset cache),
 * in one import:
 *
 * ```tsx
 * const urls = useCachedAssetUrls(assets);
 * // controller options: { assetUrl: urls?.url, watchAssetUrls: urls?.subscribe }
 * const files = useBoardFiles(session, assets, controller);
 * <Tldraw onMount={(editor) => keepMediaOffTheBoard(editor)} … />
 * {files !== null && editor !== null && <BoardDropTarget editor={editor} files={files.files} />}
 * <BoardFilesContext.Provider value={files}>{the dock's panels}</BoardFilesContext.Provider>
 * ```
 */
export { BoardDropTarget } from './BoardDropTarget';
export { BoardFilesContext } from './BoardFilesContext';
export { keepMediaOffTheBoard } from './keepMediaOffTheBoard';
export { useBoardFiles, useCachedAssetUrls } from './useBoardFiles';
