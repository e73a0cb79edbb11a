/**
 * Markdown written by people at the table (chat, handouts, sheet notes) or by a module (its
 * reference pages), drawn as React elements and nothing else.
 *
 * Why this is safe: react-markdown builds React elements from the markdown's syntax tree; it
 * never hands a string of HTML to the browser. Raw HTML in the text is kept as visible text
 * (`<script>` shows as `<script>`), so nothing a player types becomes markup. What is left are
 * URLs, and those pass {@link safeMarkdownUrl}: links only to http(s), mailto and the app's own
 * routes; images only from this table's assets (`asset:<sha256>`), so a post cannot make every
 * reader's browser fetch a stranger's server (which would leak their addresses) or anything
 * outside the relay (Meshtable loads nothing from elsewhere).
 */
import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import './markdown.css';

/** An image reference to one of the table's assets: `![map](asset:<sha256>)`. */
const ASSET_URL = /^asset:([0-9a-f]{64})$/;
/** The link schemes a reader may follow (a link opens in a new tab, outside the app). */
const LINK_SCHEMES = /^(https?|mailto):/i;

/**
 * The URL a link or image in markdown may keep, or `''` for one it may not: `javascript:`,
 * `data:`, `vbscript:`, protocol-relative and every other scheme are dropped (whatever their
 * case, spacing or encoding: only the exact allowed forms pass).
 */
export function safeMarkdownUrl(url: string, key: string): string {
  const trimmed = url.trim();
  if (key === 'src') return ASSET_URL.test(trimmed) ? trimmed : '';
  if (LINK_SCHEMES.test(trimmed)) return trimmed;
  // The app's own routes (`#/c/…`) and in-page anchors.
  if (trimmed.startsWith('#')) return trimmed;
  return '';
}

/**
 * GitHub's extensions, which the modules' reference pages and players use: tables, strikethrough,
 * task lists, footnotes and bare URLs as links (those pass {@link safeMarkdownUrl} like any link).
 */
const GFM = [remarkGfm];

/** Props of {@link SafeMarkdown}. */
export interface SafeMarkdownProps {
  /** The markdown. */
  readonly text: string;
  /**
   * Where `asset:<sha256>` images are fetched from: the relay's base URL (`GET /assets/<sha256>`).
   * Without it, images show as their alt text.
   */
  readonly assetBase?: string;
  /** A class for the wrapping element. */
  readonly className?: string;
}

/** Markdown drawn safely; see the file's comment for what "safely" means. */
export function SafeMarkdown({ text, assetBase, className }: SafeMarkdownProps) {
  const components: Components = {
    a: MarkdownLink,
    img: ({ src, alt }: ComponentProps<'img'>) => {
      const match = typeof src === 'string' ? ASSET_URL.exec(src) : null;
      if (match === null || assetBase === undefined) {
        return <span className="mt-md-image-alt">{alt ? `[${alt}]` : '[image]'}</span>;
      }
      return (
        <img
          src={`${assetBase.replace(/\/+$/, '')}/assets/${match[1]}`}
          alt={alt ?? ''}
          loading="lazy"
          className="mt-md-image"
        />
      );
    },
  };
  return (
    <div className={className ? `mt-markdown ${className}` : 'mt-markdown'}>
      <Markdown urlTransform={safeMarkdownUrl} components={components} remarkPlugins={GFM}>
        {text}
      </Markdown>
    </div>
  );
}

/** A link: followed in a new tab, telling the target nothing; a dropped URL leaves its text. */
function MarkdownLink({ href, children }: ComponentProps<'a'>) {
  if (!href) return <span className="mt-md-dead-link">{children}</span>;
  if (href.startsWith('#')) return <a href={href}>{children}</a>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}
