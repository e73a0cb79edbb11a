import { AssetRecordType, type Editor, getHashForString, type TLBookmarkAsset } from 'tldraw';

/**
 * Makes pasted links into bookmarks without fetching them.
 *
 * tldraw's default `url` asset handler downloads the linked page to read its title and preview
 * image, and the bookmark then shows that image from the other site: a request outside our
 * origin from every peer that renders it. Our handler keeps only the URL (shown as the title).
 */
export function keepContentLocal(editor: Editor): void {
  editor.registerExternalAssetHandler('url', async ({ url }) => linkOnlyBookmarkAsset(url));
}

/**
 * The bookmark asset of a pasted link, made without fetching it: the link is the `src` and the
 * title, and there is no preview image or favicon. Peers accept it, since a bookmark's `src` is
 * never loaded (see `whyNotLocalOnly`).
 *
 * @param url - the pasted link
 */
export function linkOnlyBookmarkAsset(url: string): TLBookmarkAsset {
  return {
    id: AssetRecordType.createId(getHashForString(url)),
    typeName: 'asset',
    type: 'bookmark',
    props: { src: url, title: url, description: '', image: '', favicon: '' },
    meta: {},
  };
}
