/**
 * The page of the 8-peer mesh benchmark (bundled by meshBundle.ts, served by the real relay):
 * `window.__meshBench` is what the driver (mesh.ts) calls, one page per browser context. What
 * the page sees, it tells the driver through `window.__meshSeen` (a Playwright binding), with
 * the time it saw it on the clock all contexts of this machine share, so the driver's own
 * latency never enters a figure.
 */
import { RawChannels, sharedNow } from './meshRawChannels';
import { GmPeer, PlayerPeer, type TableAddress } from './meshTable';

/** What a page reports: the series and the round it belongs to, and when. */
export type MeshReport = (kind: string, key: string, at: number) => void;

/** The page's API, for the driver. */
export interface MeshBenchApi {
  /** This page's index among the 8 (0 is the GM's). */
  setIndex(index: number): void;
  rawOffer(remote: number): Promise<string>;
  rawAnswer(remote: number, offer: string): Promise<string>;
  rawAccept(remote: number, answer: string): Promise<void>;
  rawOpen(deadlineMs: number): Promise<void>;
  /** Sends round `id` to every other page; returns when, on the shared clock. */
  rawBroadcast(id: string): number;
  /** Sends round `id` to the GM's page, which answers every page; returns when. */
  rawAsk(id: string): number;
  /** Makes the campaign and opens its table as the GM's peer; returns the players' address. */
  openAsGm(relayUrl: string): { room: string; tableKey: string; gmId: string };
  openAsPlayer(name: string, address: TableAddress & { gmId: string }): string;
  peers(): number;
  tokens(): number;
  join(): Promise<string>;
  setUpScene(players: string[]): number;
  useRules(module: boolean): Promise<void>;
  gmMove(tokenId: string, x: number, y: number): number;
  requestMove(tokenId: string, x: number, y: number): { id: string; at: number; appended: number };
  /** What went wrong on this page (validator, audit, intent client, refusals). */
  problems(): string[];
  close(): Promise<void>;
}

declare global {
  interface Window {
    /** Set as the page's script loads (check with `typeof` before the first call). */
    __meshBench: MeshBenchApi;
    /** The driver's binding. */
    __meshSeen?: MeshReport;
  }
}

/**
 * Reports wait for the next task: a binding call costs a few tenths of a millisecond, and made
 * in a doc's observer it would hold back what runs after the observers in the same task
 * (y-webrtc sends the update to the other pages from the doc's `update` event).
 */
const queued: Array<[string, string, number]> = [];
const flush = () => {
  for (const [kind, key, at] of queued.splice(0)) void window.__meshSeen?.(kind, key, at);
};
const report: MeshReport = (kind, key, at) => {
  if (queued.push([kind, key, at]) === 1) setTimeout(flush, 0);
};
let index = -1;
/** The GM's page answers asks; everyone reports what they receive. */
const raw = new RawChannels((_from, message, at) => {
  const [kind, id = ''] = message.split(':', 2);
  if (kind === 'b') report('rawAll', id, at);
  else if (kind === 'a') report('rawViaGm', id, at);
  else if (kind === 'q' && index === 0) {
    raw.broadcast(`a:${id}`);
    // The GM's page holds the answer as it sends it.
    report('rawViaGm', id, sharedNow());
  }
});
let gm: GmPeer | null = null;
let player: PlayerPeer | null = null;
const peer = () => {
  const opened = gm ?? player;
  if (opened === null) throw new Error('no table is open on this page');
  return opened;
};
const asGm = () => {
  if (gm === null) throw new Error('this page is not the GM');
  return gm;
};
const asPlayer = () => {
  if (player === null) throw new Error('this page is not a player');
  return player;
};

window.__meshBench = {
  setIndex: (value) => {
    index = value;
  },
  rawOffer: (remote) => raw.offer(remote),
  rawAnswer: (remote, offer) => raw.answer(remote, offer),
  rawAccept: (remote, answer) => raw.accept(remote, answer),
  rawOpen: (deadlineMs) => raw.open(deadlineMs),
  rawBroadcast: (id) => {
    const at = sharedNow();
    raw.broadcast(`b:${id}`);
    return at;
  },
  rawAsk: (id) => {
    const at = sharedNow();
    raw.send(0, `q:${id}`);
    return at;
  },
  openAsGm: (relayUrl) => {
    gm = new GmPeer(relayUrl, report);
    return gm.invite();
  },
  openAsPlayer: (name, address) => {
    player = new PlayerPeer(name, address, report);
    return player.identity.userId;
  },
  peers: () => peer().peers(),
  tokens: () => peer().tokens(),
  join: () => asPlayer().join(),
  setUpScene: (players) => asGm().setUpScene(players),
  useRules: (module) => asGm().useRules(module),
  gmMove: (tokenId, x, y) => asGm().move(tokenId, x, y),
  requestMove: (tokenId, x, y) => asPlayer().requestMove(tokenId, x, y),
  problems: () => (gm ?? player)?.problems ?? [],
  close: async () => {
    raw.close();
    await (gm ?? player)?.close();
  },
};
