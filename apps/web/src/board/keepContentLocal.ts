import { AssetRecordType, type Editor, getHashForString, type TLBookmarkAsset } from 'tldraw';

/**
 * Makes pasted links into bookmarks without fetching them.
 *
 * tldraw's default `url` asset handler downloads the linked page to read its title and preview
 * image, and the bookmark then shows that image from the other site: a request outside our
 * origin from every peer that renders it. Our handler keeps only the URL (shown as the title).
 */
export function keepContentLocal(editor: Editor): void {
  editor.registerExternalAssetHandler('url', async ({ url }) => {
    const asset: TLBookmarkAsset = {
      id: AssetRecordType.createId(getHashForString(url)),
      typeName: 'asset',
      type: 'bookmark',
      props: { src: url, title: url, description: '', image: '', favicon: '' },
      meta: {},
    };
    return asset;
  });
}
