/**
 * The web app under its Content-Security-Policy (relay/src/http/staticFiles.ts): the policy is in
 * force, and the parts of tldraw that lean on it hardest (the rich-text editor and menus, which
 * insert <style> elements; pasted images and videos, read through blob: URLs and stored as data:
 * URLs; image and SVG export, which embed fonts and images) run without a single violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { boardUrl, newBoardCredentials, openBoard, relayState } from '../support/boardPage';
import {
  type BrowserPeer,
  launchChromium,
  openPeer,
  trafficOutsideOrigin,
} from '../support/chromium';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

describe('the Content-Security-Policy', () => {
  let browser: Browser;
  let temp: TempRelay;
  let peer: BrowserPeer;

  beforeAll(async () => {
    temp = await startTempRelay({ webDir: undefined });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    peer = await openPeer(browser);
  });
  afterEach(async () => {
    await peer.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await temp?.dispose();
  });

  it('is sent with the app and enforced: no inline script, no eval', async () => {
    const { room, tableKey } = newBoardCredentials();
    const response = await peer.page.goto(boardUrl(temp.relay.url, room, tableKey));
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval|\*/);
    await peer.page.waitForSelector(relayState('connected'));

    // Code that Playwright evaluates is exempt from CSP, but script it makes the page run is not.
    const ran = await peer.page.evaluate(
      () =>
        new Promise<{ inline: boolean; evalString: boolean }>((resolve) => {
          const probe = window as unknown as Record<string, unknown>;
          const script = document.createElement('script');
          script.textContent = 'window.__inlineScriptRan = true';
          document.head.append(script);
          (setTimeout as (code: string) => number)('window.__stringTimerRan = true');
          setTimeout(
            () =>
              resolve({
                inline: probe.__inlineScriptRan === true,
                evalString: probe.__stringTimerRan === true,
              }),
            100,
          );
        }),
    );
    expect(ran).toEqual({ inline: false, evalString: false });
    // Both attempts were reported, which also shows that a violation would not go unseen.
    const directives = peer.cspViolations.map(
      (v) => (JSON.parse(v) as { directive: string }).directive,
    );
    expect(directives.sort()).toEqual(['script-src', 'script-src-elem']);
  });

  it('lets tldraw edit text, open menus, take pasted media and export, without a violation', async () => {
    const { room, tableKey } = newBoardCredentials();
    const page = peer.page;
    await openBoard(page, boardUrl(temp.relay.url, room, tableKey));

    // Rich text: tiptap mounts and injects its styles.
    await page.evaluate(() => {
      const editor = window.__meshtable?.editor;
      if (!editor) throw new Error('no editor');
      editor.createShape({ id: 'shape:note' as never, type: 'text', x: 80, y: 80 });
      editor.select('shape:note' as never);
      editor.setEditingShape('shape:note' as never);
    });
    await page.waitForSelector('.tl-rich-text[contenteditable=true], [contenteditable=true]');
    await page.keyboard.type('Initiative!');
    await page.waitForFunction(() =>
      JSON.stringify(
        (
          window.__meshtable?.editor?.getShape('shape:note' as never)?.props as {
            richText?: unknown;
          }
        )?.richText ?? '',
      ).includes('Initiative!'),
    );
    await page.keyboard.press('Escape');

    // A Radix dropdown (scroll lock styles).
    await page.click('[data-testid="main-menu.button"]');
    await page.waitForSelector('.tlui-menu');
    await page.keyboard.press('Escape');

    // Paste an image file: a blob: preview while it "uploads", then a data: URL in the document.
    await page.evaluate(async () => {
      const editor = window.__meshtable?.editor;
      if (!editor) throw new Error('no editor');
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 30;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.fillStyle = '#c33';
      context.fillRect(0, 0, 40, 30);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('no blob');
      const file = new File([blob], 'map.png', { type: 'image/png' });
      await editor.putExternalContent({ type: 'files', files: [file], point: { x: 400, y: 300 } });
    });
    await page.waitForFunction(() => {
      const editor = window.__meshtable?.editor;
      const asset = editor?.getAssets().find((a) => a.type === 'image');
      const src = (asset?.props as { src?: string | null } | undefined)?.src ?? '';
      const img = document.querySelector<HTMLImageElement>('.tl-image, img.tl-image');
      return src.startsWith('data:image/png') && img?.complete === true && img.naturalWidth > 0;
    });

    // Paste a video: read through a blob: URL, then played from a data: URL.
    await page.evaluate(async () => {
      const editor = window.__meshtable?.editor;
      if (!editor) throw new Error('no editor');
      const canvas = document.createElement('canvas');
      canvas.width = 32;
      canvas.height = 24;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: 'video/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => {
        recorder.onstop = resolve;
      });
      recorder.start();
      for (let frame = 0; frame < 5; frame++) {
        context.fillStyle = `hsl(${frame * 60}, 80%, 50%)`;
        context.fillRect(0, 0, 32, 24);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      recorder.stop();
      await stopped;
      const file = new File(chunks, 'torch.webm', { type: 'video/webm' });
      await editor.putExternalContent({ type: 'files', files: [file], point: { x: 600, y: 300 } });
    });
    await page.waitForFunction(() => {
      const asset = window.__meshtable?.editor?.getAssets().find((a) => a.type === 'video');
      const src = (asset?.props as { src?: string | null } | undefined)?.src ?? '';
      const video = document.querySelector<HTMLVideoElement>('video');
      return src.startsWith('data:video/webm') && video !== null && video.readyState >= 1;
    });

    // Export the page as PNG and SVG: fonts and the image get embedded.
    const exported = await page.evaluate(async () => {
      const editor = window.__meshtable?.editor;
      if (!editor) throw new Error('no editor');
      const ids = [...editor.getCurrentPageShapeIds()];
      const png = await editor.toImage(ids, { format: 'png' });
      const svg = await editor.getSvgString(ids);
      return { pngBytes: png.blob.size, svg: svg?.svg ?? '' };
    });
    expect(exported.pngBytes).toBeGreaterThan(1000);
    expect(exported.svg).toContain('Initiative!');
    expect(exported.svg).toContain('data:image/png');

    expect(trafficOutsideOrigin(peer, temp.relay.url)).toEqual([]);
    expect(peer.errors).toEqual([]);
  });
});
