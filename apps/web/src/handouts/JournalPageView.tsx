/**
 * One journal page as its readers see it: its title, its image from the asset library, and its
 * body drawn with SafeMarkdown (a page is text a person wrote: never HTML).
 */
import type { Handout } from '@meshtable/schema';
import { assetUrl } from '../assets';
import { SafeMarkdown } from '../markdown/SafeMarkdown';

/** Props of {@link JournalPageView}. */
export interface JournalPageViewProps {
  readonly page: Pick<Handout, 'id' | 'name' | 'body' | 'image'>;
  /** Where assets are fetched from (the relay's URL). */
  readonly relayUrl: string;
  /** The test id of the article; default `journal-page`. */
  readonly testId?: string;
}

/** A journal page, read-only. */
export function JournalPageView({ page, relayUrl, testId = 'journal-page' }: JournalPageViewProps) {
  return (
    <article className="mt-journal-page" data-testid={testId} data-page-id={page.id}>
      <h3 className="mt-journal-page-title">{page.name}</h3>
      {page.image !== null && (
        <img
          className="mt-journal-image"
          src={assetUrl(relayUrl, page.image)}
          alt={`Shown with “${page.name}”`}
          loading="lazy"
        />
      )}
      <SafeMarkdown text={page.body} assetBase={relayUrl} className="mt-journal-body" />
    </article>
  );
}
