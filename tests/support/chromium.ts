/**
 * Debian's Chromium driven by playwright-core. Each peer gets its own browser context: two pages
 * of one context would sync through BroadcastChannel and prove nothing about the network.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = process.env.MESHTABLE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a machine with no outside network: no sandbox (CI runs as
 * root), and none of Chromium's own background requests (they would be refused, many at a time).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, failing loudly (never skipping) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install chromium"`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What a page's instrumentation reports back to the test (see {@link INSTRUMENTATION}). */
const REPORT_BINDING = '__meshtableTestReport';

/**
 * Runs in every page of a peer's context before any of the page's own scripts:
 * - wraps `RTCPeerConnection` to report the configuration each connection is made with, because
 *   ICE traffic (STUN/TURN) shows up neither as a request nor as a WebSocket, and the only way to
 *   see where a page would send it is the `iceServers` it hands the browser;
 * - reports every `securitypolicyviolation` event (a CSP violation, whether or not it also
 *   reaches the console).
 * Plain JavaScript in a string, so that no compiler helper ends up in code that runs in the page.
 */
const INSTRUMENTATION = `(() => {
  const report = window.${REPORT_BINDING};
  const NativePeerConnection = window.RTCPeerConnection;
  if (typeof NativePeerConnection === 'function') {
    class RecordedPeerConnection extends NativePeerConnection {
      constructor(configuration, ...rest) {
        report('rtc-config', JSON.stringify(configuration === undefined ? null : configuration));
        super(configuration, ...rest);
      }
      setConfiguration(configuration) {
        report('rtc-config', JSON.stringify(configuration === undefined ? null : configuration));
        return super.setConfiguration(configuration);
      }
    }
    window.RTCPeerConnection = RecordedPeerConnection;
    window.webkitRTCPeerConnection = RecordedPeerConnection;
  }
  window.addEventListener('securitypolicyviolation', (event) => {
    report('csp-violation', JSON.stringify({
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
    }));
  }, true);
})();`;

/** A peer: its own context (own storage, own IndexedDB) and one page, with what they did. */
export interface BrowserPeer {
  context: BrowserContext;
  page: Page;
  /** Every URL any page of the context requested (fetch, XHR, documents, images, fonts, …). */
  requests: string[];
  /** Every WebSocket URL any page of the context opened (`request` events do not show these). */
  websockets: string[];
  /** The configuration of every RTCPeerConnection the pages made, as JSON values. */
  rtcConfigs: unknown[];
  /** Content-Security-Policy violations the pages reported. */
  cspViolations: string[];
  /** Console errors and uncaught page errors, for failure messages. */
  errors: string[];
  /** Opens another page (a tab) in this peer's context, recorded like the first. */
  openTab(): Promise<Page>;
}

/** Opens a new context and page, recording requests, WebSockets, ICE configuration and errors. */
export async function openPeer(browser: Browser): Promise<BrowserPeer> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const requests: string[] = [];
  const websockets: string[] = [];
  const rtcConfigs: unknown[] = [];
  const cspViolations: string[] = [];
  const errors: string[] = [];
  await context.exposeFunction(REPORT_BINDING, (kind: string, json: string) => {
    if (kind === 'rtc-config') rtcConfigs.push(JSON.parse(json));
    else if (kind === 'csp-violation') cspViolations.push(json);
  });
  await context.addInitScript({ content: INSTRUMENTATION });
  const openTab = async (): Promise<Page> => {
    const page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => websockets.push(socket.url()));
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    return page;
  };
  const page = await openTab();
  return { context, page, requests, websockets, rtcConfigs, cspViolations, errors, openTab };
}

/**
 * Everything a peer did that left `origin` (the relay that served the app), one line each: requests
 * to other origins (data: and blob: load nothing), WebSockets to other hosts, ICE servers of any
 * kind (the app is configured with none, so a STUN or TURN server here, such as simple-peer's
 * default Google STUN, would be a leak), and CSP violations (something tried to).
 *
 * @returns an empty list when the peer stayed on its origin
 */
export function trafficOutsideOrigin(peer: BrowserPeer, origin: string): string[] {
  const { host, protocol } = new URL(origin);
  const socketProtocol = protocol === 'https:' ? 'wss:' : 'ws:';
  const problems: string[] = [];
  for (const url of peer.requests) {
    if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url)) {
      problems.push(`request: ${url}`);
    }
  }
  for (const url of peer.websockets) {
    const parsed = new URL(url);
    if (parsed.protocol !== socketProtocol || parsed.host !== host) {
      problems.push(`websocket: ${url}`);
    }
  }
  for (const config of peer.rtcConfigs) {
    const iceServers = (config as { iceServers?: unknown[] } | null)?.iceServers ?? [];
    if (iceServers.length > 0 || /stun:|turns?:/i.test(JSON.stringify(config))) {
      problems.push(`RTCPeerConnection with ICE servers: ${JSON.stringify(config)}`);
    }
  }
  for (const violation of peer.cspViolations) problems.push(`CSP violation: ${violation}`);
  for (const error of peer.errors) {
    if (/Content.Security.Policy/i.test(error)) problems.push(`console: ${error}`);
  }
  return problems;
}

/** What went wrong on peers' pages, read before their contexts close. */
export interface PageTrouble {
  /** {@link trafficOutsideOrigin} of every peer. */
  readonly outside: readonly string[];
  /** Console and page errors that were not expected. */
  readonly errors: readonly string[];
}

/**
 * Reads what the peers' pages did wrong: traffic outside `origin` (or a CSP violation) and errors.
 * @param isExpected says which errors are part of a protocol (a `HEAD` that finds no file…), not faults
 */
export function pageTrouble(
  peers: readonly BrowserPeer[],
  origin: string,
  isExpected: (error: string, peer: BrowserPeer) => boolean = () => false,
): PageTrouble {
  return {
    outside: peers.flatMap((p) => trafficOutsideOrigin(p, origin)),
    errors: peers.flatMap((p) => p.errors.filter((error) => !isExpected(error, p))),
  };
}

/** Fails the test on any {@link pageTrouble}. */
export function expectNoPageTrouble(trouble: PageTrouble): void {
  expect(trouble.outside, 'traffic outside the relay origin, or a CSP violation').toEqual([]);
  expect(trouble.errors, 'errors in the pages').toEqual([]);
}
