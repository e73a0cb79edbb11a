/**
 * Waits in a page for a named condition, with a deadline, failing with the name of the condition
 * that never came (never a bare Playwright timeout): the e2e tests wait on these, never on sleeps.
 */
import type { ElementHandle, Page } from 'playwright-core';

/** How long a condition in a page may take before the test fails (ms). */
const PAGE_WAIT_MS = 30_000;

/**
 * Waits until `condition(arg)`, run in the page, is truthy.
 * @param what the condition in words, for the error when it never holds
 * @param arg plain JSON handed to `condition` in the page (none when it takes none)
 * @example await waitOn(page, 'the chat shows 3 lines', (n) => count() === n, 3);
 */
export async function waitOn<T>(
  page: Page,
  what: string,
  condition: (arg: T) => unknown,
  arg?: T,
  timeout = PAGE_WAIT_MS,
): Promise<void> {
  try {
    // Playwright's types cannot follow a generic argument into the page; it is plain JSON.
    await page.waitForFunction(condition as (arg: unknown) => unknown, arg as unknown, { timeout });
  } catch (error) {
    throw new Error(`never saw: ${what}`, { cause: error });
  }
}

/**
 * Waits until `selector` matches a visible element.
 * @param what the condition in words, for the error when it never holds
 * @returns the element
 */
export async function waitForShown(
  page: Page,
  what: string,
  selector: string,
  timeout = PAGE_WAIT_MS,
): Promise<ElementHandle> {
  try {
    return await page.waitForSelector(selector, { timeout });
  } catch (error) {
    throw new Error(`never saw: ${what} (${selector})`, { cause: error });
  }
}
