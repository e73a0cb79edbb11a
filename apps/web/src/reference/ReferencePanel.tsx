/**
 * The game system's rules reference, in its own section of the board's dock: its pages in a
 * list, a search over their titles and text whose results name the page and section with a
 * snippet, and the page itself, drawn with SafeMarkdown (a module's text is other people's
 * text: never HTML).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { SafeMarkdown } from '../markdown/SafeMarkdown';
import type { ReferencePage } from './referencePages';
import { searchReference } from './referenceSearch';
import { useReference } from './useReference';
import './reference.css';

/** The Reference panel: see the file's comment. */
export function ReferencePanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  const status = useReference(session);
  return (
    <details className="mt-panel mt-reference-panel" open={open} data-testid="reference-panel">
      <summary>
        Rules reference
        {status.ok === true && <span className="mt-panel-summary-note"> · {status.system}</span>}
      </summary>
      {status.ok === null && <p className="mt-hint">Loading the game system’s pages…</p>}
      {status.ok === false && (
        <p className="mt-error" role="alert" data-testid="reference-problem">
          {status.problem}
        </p>
      )}
      {status.ok === true &&
        (status.pages.length === 0 ? (
          <p className="mt-hint">This game system has no reference pages.</p>
        ) : (
          <ReferenceBrowser pages={status.pages} />
        ))}
    </details>
  );
}

/** The page open, and the section a search result pointed at. */
interface Shown {
  readonly path: string;
  readonly heading: string | null;
}

function ReferenceBrowser({ pages }: { readonly pages: readonly ReferencePage[] }) {
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const searchId = useId();
  const hits = useMemo(() => searchReference(pages, query), [pages, query]);
  const page = pages.find((candidate) => candidate.path === shown?.path) ?? null;
  const searching = query.trim().length > 0;
  return (
    <div className="mt-reference">
      <label className="mt-field" htmlFor={searchId}>
        <span>Search the rules</span>
        <input
          id={searchId}
          type="search"
          value={query}
          placeholder="e.g. grappled, cover"
          data-testid="reference-search"
          onChange={(event) => {
            setQuery(event.target.value);
            setShown(null);
          }}
        />
      </label>
      {page !== null ? (
        <ReferencePageView
          page={page}
          heading={shown?.heading ?? null}
          backLabel={searching ? '← Back to the results' : '← All pages'}
          onBack={() => setShown(null)}
        />
      ) : searching ? (
        <section aria-label="Search results" aria-live="polite">
          <p className="mt-hint" data-testid="reference-hit-count">
            {hits.length === 0
              ? `No page mentions “${query.trim()}”.`
              : `${hits.length} ${hits.length === 1 ? 'place' : 'places'} found`}
          </p>
          <ul className="mt-row-list">
            {hits.map((hit) => (
              <li key={`${hit.path}#${hit.heading ?? ''}`}>
                <button
                  type="button"
                  className="mt-row-button mt-reference-hit"
                  data-testid="reference-hit"
                  data-path={hit.path}
                  data-heading={hit.heading ?? ''}
                  onClick={() => setShown({ path: hit.path, heading: hit.heading })}
                >
                  <strong>
                    {hit.title}
                    {hit.heading !== null && ` › ${hit.heading}`}
                  </strong>
                  <span className="mt-reference-snippet">{hit.snippet}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <ul className="mt-row-list" aria-label="Reference pages">
          {pages.map((candidate) => (
            <li key={candidate.path}>
              <button
                type="button"
                className="mt-row-button mt-reference-hit"
                data-testid="reference-page-link"
                data-path={candidate.path}
                onClick={() => setShown({ path: candidate.path, heading: null })}
              >
                {candidate.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One reference page, scrolled to the section a search result named, with the keyboard focus
 * on its way back (so the reader is in the page, not left on a result that is gone).
 */
function ReferencePageView({
  page,
  heading,
  backLabel,
  onBack,
}: {
  readonly page: ReferencePage;
  readonly heading: string | null;
  readonly backLabel: string;
  readonly onBack: () => void;
}) {
  const article = useRef<HTMLElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const path = page.path;
  useEffect(() => {
    // Again for each page and section opened.
    void path;
    back.current?.focus({ preventScroll: true });
    const target =
      heading === null
        ? article.current
        : [...(article.current?.querySelectorAll('h2') ?? [])].find(
            (element) => element.textContent?.trim() === heading,
          );
    target?.scrollIntoView({ block: 'start' });
  }, [path, heading]);
  return (
    <article
      ref={article}
      className="mt-reference-page"
      data-testid="reference-page"
      data-path={page.path}
    >
      <button
        ref={back}
        type="button"
        className="mt-button"
        data-testid="reference-back"
        onClick={onBack}
      >
        {backLabel}
      </button>
      <SafeMarkdown text={page.body} />
    </article>
  );
}
