/**
 * A game system's reference pages (modules/<id>/reference/*.md, listed in module.json's
 * `reference`), as the Reference panel lists and searches them: each page with its title (its
 * first `# ` heading, else its file name) and its sections (split at `## ` headings), so that a
 * search can say where on a page it found something.
 */

/** One section of a page: the text under one `## ` heading (or before the first). */
export interface ReferenceSection {
  /** The section's heading, or null for the text before the first `## `. */
  readonly heading: string | null;
  /** The section's markdown, heading line included. */
  readonly text: string;
}

/** A reference page. */
export interface ReferencePage {
  /** Its path in the module (`reference/combat.md`): its id. */
  readonly path: string;
  readonly title: string;
  /** The whole page, markdown. */
  readonly body: string;
  readonly sections: readonly ReferenceSection[];
}

const TITLE = /^#\s+(.+?)\s*#*\s*$/m;
const SECTION = /^##\s+(.+?)\s*#*\s*$/;

/** A page's title: its first `# ` heading, else its file name without `.md`, dashes as spaces. */
export function pageTitle(path: string, body: string): string {
  const heading = TITLE.exec(body)?.[1];
  if (heading !== undefined && heading.length > 0) return heading;
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.md$/i, '').replace(/[-_]+/g, ' ');
}

/** A page's sections, in order, split at its `## ` headings (outside code fences). */
export function pageSections(body: string): ReferenceSection[] {
  const sections: ReferenceSection[] = [];
  let heading: string | null = null;
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text.length > 0) sections.push({ heading, text });
  };
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : SECTION.exec(line);
    if (match !== null) {
      flush();
      heading = match[1] ?? null;
      lines = [];
    }
    lines.push(line);
  }
  flush();
  return sections;
}

/**
 * The reference pages of a module's files, in the manifest's order.
 * @param files the module's files as text, by path
 * @param listed the manifest's `reference` (a path or a list of paths), as checked by the
 *   sandbox's manifest rules
 * @returns the pages, and the listed paths that are not among the files
 */
export function referencePagesOf(
  files: Readonly<Record<string, string>>,
  listed: string | readonly string[] | undefined,
): { readonly pages: ReferencePage[]; readonly missing: string[] } {
  const paths = listed === undefined ? [] : typeof listed === 'string' ? [listed] : listed;
  const pages: ReferencePage[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const body = Object.hasOwn(files, path) ? files[path] : undefined;
    if (body === undefined) {
      missing.push(path);
      continue;
    }
    pages.push({ path, title: pageTitle(path, body), body, sections: pageSections(body) });
  }
  return { pages, missing };
}
