/**
 * Accessibility checks in the e2e tests: axe-core run in the page on one part of it. The issue's
 * bar is no WCAG 2 A or AA violation axe can find.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's script, run in a page by evaluation (a script tag would break the app's CSP). */
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2 A and AA violations axe finds in the element `selector` names (the whole document
 * by default), one line each: the rule and the elements it found.
 */
export async function axeViolations(page: Page, selector = 'body'): Promise<string[]> {
  await page.evaluate(await AXE_SOURCE);
  return page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document.querySelector(scope), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    })) as { violations: { id: string; nodes: { target: unknown[] }[] }[] };
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(' ')}`,
    );
  }, selector);
}
