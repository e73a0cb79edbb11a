/**
 * The headers the relay sends with the web app: its Content-Security-Policy on everything it
 * serves except the rules sandbox's worker bundle (static/worker/), which gets a policy of its
 * own; and immutable caching for hashed bundle files only, never for the index.html fallback.
 * (tests/e2e/contentSecurityPolicy.test.ts checks that the page policy lets the real app work,
 * tests/e2e/sandboxHostile.test.ts that the worker policy lets SES run.)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttpRequest } from '../support/rawHttp';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

const send = rawHttpRequest;

/** A policy header as a map from directive to its sources. */
function directives(policy: unknown): Map<string, string[]> {
  expect(typeof policy).toBe('string');
  const map = new Map<string, string[]>();
  for (const part of String(policy).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

const INDEX = '<!doctype html><title>Meshtable</title>';

describe('web app headers', () => {
  let temp: TempRelay;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'meshtable-web-'));
    await mkdir(join(webDir, 'static', 'nested'), { recursive: true });
    await mkdir(join(webDir, 'static', 'worker', 'nested'), { recursive: true });
    await writeFile(join(webDir, 'index.html'), INDEX);
    await writeFile(join(webDir, 'static', 'app-1234.js'), 'console.log(1)');
    await writeFile(join(webDir, 'static', 'nested', 'font-5678.woff2'), 'woff2');
    await writeFile(join(webDir, 'static', 'worker', 'worker-9abc.js'), 'postMessage(1)');
    await writeFile(join(webDir, 'static', 'worker', 'nested', 'chunk-def0.js'), 'export {}');
    // Outside the worker folder, whatever the name says.
    await writeFile(join(webDir, 'static', 'worker-1234.js'), 'console.log(2)');
    await writeFile(join(webDir, 'static', 'nested', 'worker-5678.js'), 'console.log(3)');
    temp = await startTempRelay({ webDir });
  });
  afterAll(async () => {
    await temp.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('sends a Content-Security-Policy that allows nothing from other origins and no eval', async () => {
    const policy = directives((await send(temp.relay.url, '/')).headers['content-security-policy']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toContain("'self'");
    for (const [name, sources] of policy) {
      for (const source of sources) {
        // Only keywords and schemes that load nothing from the network: no hosts, no wildcards.
        expect(
          ["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'],
          `${name} ${source}`,
        ).toContain(source);
      }
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
  });

  it('sends the policy with every file of the app, on GET and HEAD', async () => {
    const expected = (await send(temp.relay.url, '/')).headers['content-security-policy'];
    expect(expected).toMatch(/^default-src /);
    for (const [path, method] of [
      ['/', 'HEAD'],
      ['/index.html', 'GET'],
      ['/static/app-1234.js', 'GET'],
      ['/static/nested/font-5678.woff2', 'HEAD'],
      ['/static/worker-1234.js', 'GET'],
      ['/static/nested/worker-5678.js', 'GET'],
      ['/some/app/route', 'GET'],
    ] as const) {
      const answer = await send(temp.relay.url, path, method);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-security-policy'], path).toBe(expected);
    }
  });

  it('sends the sandbox worker its own policy: eval for SES, nothing to connect to or start', async () => {
    for (const [path, method] of [
      ['/static/worker/worker-9abc.js', 'GET'],
      ['/static/worker/worker-9abc.js', 'HEAD'],
      ['/static/worker/nested/chunk-def0.js', 'GET'],
    ] as const) {
      const answer = await send(temp.relay.url, path, method);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toBe('text/javascript; charset=utf-8');
      expect(answer.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      const policy = directives(answer.headers['content-security-policy']);
      // Exactly these: connect-src, img-src and the rest fall back to default-src 'none'.
      expect(Object.fromEntries(policy), path).toEqual({
        'default-src': ["'none'"],
        'script-src': ["'self'", "'unsafe-eval'"],
        'worker-src': ["'none'"],
      });
    }
  });

  it('keeps eval out of the page policy', async () => {
    for (const path of ['/', '/static/app-1234.js', '/static/worker-1234.js']) {
      const policy = String((await send(temp.relay.url, path)).headers['content-security-policy']);
      expect(policy, path).toMatch(/^default-src 'self'; script-src 'self';/);
      expect(policy, path).not.toContain('unsafe-eval');
    }
  });

  it('caches hashed bundle files as immutable, and index.html never', async () => {
    for (const path of ['/static/app-1234.js', '/static/nested/font-5678.woff2']) {
      expect((await send(temp.relay.url, path)).headers['cache-control'], path).toBe(
        'public, max-age=31536000, immutable',
      );
    }
    for (const path of ['/', '/index.html', '/board/abc']) {
      const answer = await send(temp.relay.url, path);
      expect(answer.body, path).toBe(INDEX);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers a miss under /static/ with 404, never with an immutable index.html', async () => {
    for (const path of [
      '/static',
      '/static/',
      '/static/nested/',
      '/static/missing',
      '/static/missing.js',
      '/static/nested/missing',
      '/static/worker',
      '/static/worker/',
      '/static/worker/missing.js',
    ]) {
      const answer = await send(temp.relay.url, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('Meshtable');
      expect(String(answer.headers['cache-control'] ?? ''), path).not.toContain('immutable');
    }
  });
});
