/**
 * Drives the campaign board (apps/web/src/board/campaignBoard) through its test hook
 * (`window.__meshtableBoard`) and the real mouse: tokens are read as the viewer's board shows
 * them, and dragged by pressing on them on the screen, so that what is tested is what a person
 * does. Every wait is for a named condition, with a deadline.
 */

import type { Scene } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
// Brings in the declaration of window.__meshtableBoard (the board's test hook).
import type { BoardTestToken } from '../../apps/web/src/board/campaignBoard/boardTestHook';
import { sha256Hex } from './assetSamples';
import { type GmRecords, writeRecordsAsGm } from './campaignPage';

/** A point in scene pixels. */
export interface ScenePoint {
  readonly x: number;
  readonly y: number;
}

/** The tokens on the page's board, as its viewer sees them. */
export async function boardTokens(page: Page): Promise<BoardTestToken[]> {
  return page.evaluate(() => window.__meshtableBoard?.tokens() ?? []);
}

/** The id of the token named `name` on the page's board. */
export async function tokenNamed(page: Page, name: string, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    (wanted) => window.__meshtableBoard?.tokens().find((t) => t.name === wanted)?.id,
    name,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/** What a token must show for {@link waitForBoardToken}. */
export type TokenExpectation = Partial<
  Pick<BoardTestToken, 'x' | 'y' | 'pending' | 'hidden' | 'rejection' | 'movable' | 'locked'>
>;

/** Waits until the page's board shows the token as expected. */
export async function waitForBoardToken(
  page: Page,
  tokenId: string,
  expected: TokenExpectation,
  timeout = 30_000,
): Promise<void> {
  try {
    await page.waitForFunction(
      ({ id, want }) => {
        const token = window.__meshtableBoard?.tokens().find((t) => t.id === id);
        if (token === undefined) return false;
        return Object.entries(want).every(
          ([key, value]) => (token as unknown as Record<string, unknown>)[key] === value,
        );
      },
      { id: tokenId, want: expected },
      { timeout },
    );
  } catch (error) {
    const now = (await boardTokens(page)).find((t) => t.id === tokenId);
    throw new Error(
      `token ${tokenId} never showed ${JSON.stringify(expected)}; it shows ${JSON.stringify(now)}`,
      { cause: error },
    );
  }
}

/** Waits until the page's board shows the scene `sceneId`. */
export async function waitForBoardScene(page: Page, sceneId: string): Promise<void> {
  await page.waitForSelector(`[data-testid=campaign-board][data-scene-id="${sceneId}"]`, {
    timeout: 30_000,
  });
}

/**
 * Drags a token with the mouse, from its centre on the screen to where its unrotated corner
 * lands on `to` (scene pixels): press, move in steps, release.
 */
export async function dragToken(page: Page, tokenId: string, to: ScenePoint): Promise<void> {
  const token = (await boardTokens(page)).find((t) => t.id === tokenId);
  if (token === undefined) throw new Error(`no token ${tokenId} on the board`);
  const target = await page.evaluate(({ x, y }) => window.__meshtableBoard?.pageToScreen(x, y), {
    x: to.x + token.side / 2,
    y: to.y + token.side / 2,
  });
  if (target === undefined) throw new Error('no board on the page');
  await page.mouse.move(token.screen.x, token.screen.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 12 });
  await page.mouse.up();
}

/**
 * Starts recording, on the page, every state a token's shape takes (its corner and whether it
 * waits for a receipt): the ghost of a pending move may last a moment only, and the record
 * proves it was drawn without the test having to catch it on the screen.
 */
export async function recordTokenStates(page: Page, tokenId: string): Promise<void> {
  await page.evaluate((id) => {
    const hook = window.__meshtableBoard;
    if (hook === undefined) throw new Error('no board on the page');
    const seen: { x: number; y: number; pending: boolean }[] = [];
    (window as unknown as { __tokenStates: typeof seen }).__tokenStates = seen;
    hook.editor.store.listen(() => {
      const token = hook.tokens().find((t) => t.id === id);
      const last = seen[seen.length - 1];
      if (
        token !== undefined &&
        (last === undefined ||
          last.x !== token.x ||
          last.y !== token.y ||
          last.pending !== token.pending)
      ) {
        seen.push({ x: token.x, y: token.y, pending: token.pending });
      }
    });
  }, tokenId);
}

/** The states {@link recordTokenStates} has seen so far, in order. */
export async function recordedTokenStates(
  page: Page,
): Promise<{ x: number; y: number; pending: boolean }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { __tokenStates?: { x: number; y: number; pending: boolean }[] })
        .__tokenStates ?? [],
  );
}

/**
 * Uploads an image into the campaign's table room, as the board's asset upload will: the room
 * and the token come from the invite link.
 * @returns the asset's SHA-256
 */
export async function uploadAsset(invite: string, bytes: Buffer): Promise<string> {
  const url = new URL(invite);
  const [, , campaignId, tableKey] = url.hash.split('?')[0]?.split('/') ?? [];
  if (campaignId === undefined || tableKey === undefined)
    throw new Error(`not an invite: ${invite}`);
  const sha256 = sha256Hex(bytes);
  const response = await fetch(`${url.origin}/assets/${sha256}`, {
    method: 'PUT',
    headers: {
      'X-Meshtable-Room': campaignId,
      Authorization: `Bearer ${deriveRelayToken(tableKey)}`,
    },
    body: new Uint8Array(bytes),
  });
  if (!response.ok) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
  return sha256;
}

/** Clicks the map at a scene point (on an empty cell: deselects what is selected). */
export async function clickScenePoint(page: Page, point: ScenePoint): Promise<void> {
  const at = await page.evaluate(({ x, y }) => window.__meshtableBoard?.pageToScreen(x, y), point);
  if (at === undefined) throw new Error('no board on the page');
  await page.mouse.click(at.x, at.y);
}

/** Where a scene point is on the page's screen (viewport pixels). */
export async function screenOf(page: Page, point: ScenePoint): Promise<ScenePoint> {
  const at = await page.evaluate(({ x, y }) => window.__meshtableBoard?.pageToScreen(x, y), point);
  if (at === undefined) throw new Error('no board on the page');
  return at;
}

/** Picks a tool of the board's toolbar (`mt-fog`, `mt-ping`…), through its overflow menu when it does not fit. */
export async function pickBoardTool(page: Page, id: string): Promise<void> {
  const button = `[data-testid="tools.${id}"]`;
  if (await page.isVisible(button)) {
    await page.click(button);
    return;
  }
  // A tool that does not fit is in the overflow menu, under a test id of its own.
  await page.click('[data-testid="tools.more-button"]');
  await page.click(`[data-testid="tools.more.${id}"]`);
}

/** A scene of `cols` × `rows` squares of `cell` px, 5 ft each, with no background. */
export function squareScene(
  id: string,
  name: string,
  cols: number,
  rows: number,
  cell: number,
): Scene {
  return {
    id,
    name,
    order: 1,
    width: cols * cell,
    height: rows * cell,
    background: null,
    grid: {
      type: 'square',
      size: cell,
      offsetX: 0,
      offsetY: 0,
      color: '#444444',
      distance: 5,
      units: 'ft',
    },
  };
}

/**
 * Writes a scene (and whatever else `records` holds) as the validating GM, makes it the active
 * scene, and waits until every page in `viewers` shows it on its board.
 */
export async function showSceneAsGm(
  gmPage: Page,
  scene: Scene,
  records: Omit<GmRecords, 'scenes'>,
  viewers: readonly Page[],
): Promise<void> {
  expect(await writeRecordsAsGm(gmPage, { scenes: [scene], ...records })).toBe(true);
  await gmPage.evaluate(
    (sceneId) =>
      window.__meshtable?.campaign?.writeAsGm((table) =>
        table.getMap('meta').set('activeScene', { sceneId }),
      ),
    scene.id,
  );
  for (const page of viewers) await waitForBoardScene(page, scene.id);
}
