/**
 * The board's tools for one tldraw editor: the state the ruler, the templates, the fog and the
 * pings share, kept in tldraw atoms so that the layers drawing them (and the view rule that hides
 * fogged tokens from players) follow it reactively.
 *
 * - From the table doc: the viewed scene's fog mask, its kept templates, and the members (names
 *   and colours), each re-read when its map changes.
 * - From awareness (BoardPresence.ts): everyone's cursor, ruler, template and pings.
 * - From this viewer: their ruler, template and fog preview, published through awareness where
 *   others should see them.
 * GM writes (fog edits, kept templates) go through records/gmWrites.ts: written at once on the
 * validating GM's device, sent as a `gm.edit` from a GM's other device (whose refusal, if any,
 * the notice shows when its receipt arrives).
 */

import type { TableChange } from '@meshtable/campaign';
import { readMembers } from '@meshtable/campaign';
import {
  type Member,
  TABLE_MAPS,
  type TemplateRecord,
  type TemplateShape,
  type Token,
} from '@meshtable/schema';
import { atom, computed, type Editor } from 'tldraw';
import type * as Y from 'yjs';
import { DEFAULT_FOG_SETTINGS, type FogPreview, type FogSettings } from '../fog/fogDraft';
import { type FogEditDraft, fogEditChanges, readFogEdits } from '../fog/fogEdits';
import { FogMask } from '../fog/fogMask';
import { hiddenByFog } from '../fog/fogVisibility';
import type { Point } from '../grid/gridGeometry';
import { type DiagonalRule, diagonalRuleOf } from '../measure/diagonalRule';
import {
  keptTemplateChange,
  keptTemplateRecord,
  readKeptTemplates,
  removedTemplateChange,
} from '../measure/keptTemplates';
import { type RulerDraft, rulerPoints } from '../measure/rulerDraft';
import { coveredTokens } from '../measure/templateCoverage';
import { DEFAULT_TEMPLATE_SETTINGS, type TemplateSettings } from '../measure/templateDraft';
import { writeTableChanges } from '../records/gmWrites';
import {
  BoardPresence,
  type HeardPing,
  PING_MS,
  type PresenceClock,
  type RemotePresence,
} from './BoardPresence';
import { type BoardToolsSession, type BoardToolsView, NO_VIEW } from './boardToolsSession';
import { type DrawSource, drawnCursors, drawnRulers, drawnTemplates } from './drawnPresence';
import type { DrawnCursor, DrawnRuler, DrawnTemplate } from './drawnTypes';
import { gmKeysOf, isGmDevice } from './gmDevice';

/** A ping being shown: its ring, in its pinger's colour, with their name. */
export interface ShownPing {
  /** Unique among shown pings. */
  readonly key: string;
  readonly sceneId: string;
  readonly x: number;
  readonly y: number;
  readonly name: string;
  readonly color: string;
  /** A GM's "look here". */
  readonly pull: boolean;
}

/** Options of {@link BoardTools}. */
export interface BoardToolsOptions {
  /** Shows a scene: a GM's "look here" on a scene this viewer is not looking at. */
  readonly onViewScene?: (sceneId: string) => void;
  readonly clock?: PresenceClock;
}

/** The colour of a member the table does not list (a stranger's cursor is not drawn at all). */
const FALLBACK_COLOR = '#888888';

/** The tools' shared state for one editor and one campaign session. */
export class BoardTools {
  readonly editor: Editor;
  readonly session: BoardToolsSession;
  readonly presence: BoardPresence;
  /** The scene on the board, its tokens, and who is looking. */
  readonly view = atom<BoardToolsView>('mt tools view', NO_VIEW);
  /** The viewed scene's fog. */
  readonly fog = atom<FogMask>('mt fog', FogMask.EMPTY);
  /** The templates kept on the viewed scene. */
  readonly kept = atom<readonly TemplateRecord[]>('mt kept templates', []);
  readonly members = atom<ReadonlyMap<string, Member>>('mt members', new Map());
  /** Everyone else's presence. */
  readonly peers = atom<readonly RemotePresence[]>('mt peers', []);
  readonly pings = atom<readonly ShownPing[]>('mt pings', []);
  /** This viewer's ruler. */
  readonly ruler = atom<RulerDraft | null>('mt ruler', null);
  /** This viewer's template, being placed or placed and not yet cleared. */
  readonly template = atom<TemplateShape | null>('mt template', null);
  /** The GM's fog edit being drawn. */
  readonly fogPreview = atom<FogPreview | null>('mt fog preview', null);
  readonly templateSettings = atom<TemplateSettings>(
    'mt template settings',
    DEFAULT_TEMPLATE_SETTINGS,
  );
  readonly fogSettings = atom<FogSettings>('mt fog settings', DEFAULT_FOG_SETTINGS);
  /** Something the viewer should read (a write that could not be made), or null. */
  readonly notice = atom<string | null>('mt notice', null);
  /** The viewed scene's tokens, by id. */
  readonly tokenById = computed(
    'mt tokens by id',
    () => new Map(this.view.get().tokens.map((token) => [token.id, token])),
  );
  /** The tokens this viewer sees: fogged ones are left out of a player's (fogVisibility.ts). */
  readonly visibleTokens = computed('mt visible tokens', () =>
    this.view.get().tokens.filter((token) => !this.hidesToken(token)),
  );

  readonly #options: BoardToolsOptions;
  readonly #cleanups: (() => void)[] = [];
  readonly #pingTimers = new Set<ReturnType<typeof setTimeout>>();
  #pendingCentre: { sceneId: string; point: Point } | null = null;
  /** The last fog `seq` this device wrote or sent, by scene. */
  readonly #sentFogSeq = new Map<string, number>();
  #pingCount = 0;
  #disposed = false;

  constructor(session: BoardToolsSession, editor: Editor, options: BoardToolsOptions = {}) {
    this.session = session;
    this.editor = editor;
    this.#options = options;
    this.presence = new BoardPresence({
      awareness: session.tableSync.awareness,
      userId: session.me.userId,
      clock: options.clock,
    });
    const table = session.table;
    const fogMap = table.getMap<unknown>(TABLE_MAPS.fog);
    const templateMap = table.getMap<unknown>(TABLE_MAPS.templates);
    const memberMap = table.getMap<unknown>(TABLE_MAPS.members);
    const onFog = (event: Y.YMapEvent<unknown>) => {
      const sceneId = this.view.get().scene?.id;
      if (sceneId === undefined) return;
      for (const key of event.keysChanged) {
        if (key.startsWith(`${sceneId}/`)) return this.#readFog();
      }
    };
    const onTemplates = () => this.#readKept();
    const onMembers = () => this.members.set(readMembers(table));
    fogMap.observe(onFog);
    templateMap.observeDeep(onTemplates);
    memberMap.observeDeep(onMembers);
    this.#cleanups.push(
      () => fogMap.unobserve(onFog),
      () => templateMap.unobserveDeep(onTemplates),
      () => memberMap.unobserveDeep(onMembers),
      this.presence.subscribe(() => this.peers.set(this.presence.remote())),
      this.presence.onPing((heard) => this.#heard(heard)),
    );
    onMembers();
    this.peers.set(this.presence.remote());
  }

  /** Follows the board: the scene shown, its tokens, the viewer. */
  setView(view: BoardToolsView): void {
    if (this.#disposed) return;
    const before = this.view.get();
    this.view.set(view);
    const sceneId = view.scene?.id ?? null;
    if ((before.scene?.id ?? null) !== sceneId) {
      this.ruler.set(null);
      this.template.set(null);
      this.fogPreview.set(null);
      this.presence.set({ sceneId, ruler: null, template: null, cursor: null });
      this.#readFog();
      this.#readKept();
    }
    const pending = this.#pendingCentre;
    if (pending !== null && pending.sceneId === sceneId) {
      this.#pendingCentre = null;
      this.#centreOn(pending.point);
    }
  }

  /** The game system's diagonal rule (the module may load after the board). */
  diagonalRule(): DiagonalRule {
    return diagonalRuleOf(this.session.rules);
  }

  /** A member's name and colour; null for someone the table does not list. */
  memberOf(userId: string): { name: string; color: string } | null {
    const member = this.members.get().get(userId);
    return member === undefined ? null : { name: member.name, color: member.color };
  }

  /** Whether fog keeps `token` off this viewer's board. */
  hidesToken(token: Pick<Token, 'id' | 'x' | 'y' | 'size' | 'owners'>): boolean {
    const view = this.view.get();
    return hiddenByFog(
      { userId: this.session.me.userId, isGm: view.isGm, scene: view.scene, fog: this.fog.get() },
      token,
    );
  }

  /** The tokens this viewer sees that a template covers (templateCoverage.ts). */
  coveredBy(shape: TemplateShape): Token[] {
    const scene = this.view.get().scene;
    if (scene === null) return [];
    return coveredTokens(shape, scene.grid.size, this.visibleTokens.get());
  }

  /** The tokens this viewer's own template covers. */
  coveredByMine(): Token[] {
    const mine = this.template.get();
    return mine === null ? [] : this.coveredBy(mine);
  }

  /** This viewer's colour. */
  myColor(): string {
    return this.memberOf(this.session.me.userId)?.color ?? FALLBACK_COLOR;
  }

  /** Every template on the viewed scene: the kept ones, then others' being placed, then mine. */
  drawnTemplates(): DrawnTemplate[] {
    return drawnTemplates(this.#drawSource());
  }

  /** Every ruler on the viewed scene: others', then mine. */
  drawnRulers(): DrawnRuler[] {
    return drawnRulers(this.#drawSource());
  }

  /** Everyone else's cursor on the viewed scene. */
  drawnCursors(): DrawnCursor[] {
    return drawnCursors(this.#drawSource());
  }

  /** Where this viewer's pointer is on the scene (null: off the canvas), for everyone to see. */
  pointer(point: Point | null): void {
    this.presence.set({ cursor: point === null ? null : [round(point.x), round(point.y)] });
  }

  /** This viewer's ruler changed: shown here at once, to everyone within the presence rate. */
  setRuler(draft: RulerDraft | null): void {
    this.ruler.set(draft);
    const points = draft === null ? [] : rulerPoints(draft);
    this.presence.set({
      ruler: points.length < 2 ? null : points.flatMap((p) => [round(p.x), round(p.y)]),
    });
  }

  /** This viewer's template changed. */
  setTemplate(shape: TemplateShape | null): void {
    this.template.set(shape);
    this.presence.set({ template: shape });
  }

  /**
   * Keeps this viewer's template on the scene (GMs), and clears the transient one.
   * @returns whether it was written
   */
  keepTemplate(): boolean {
    const shape = this.template.get();
    const sceneId = this.view.get().scene?.id;
    if (shape === null || sceneId === undefined) return false;
    const color = this.myColor();
    const written = this.#gmEdit('keep a template', () => [
      keptTemplateChange(keptTemplateRecord(sceneId, shape, color)),
    ]);
    if (written) this.setTemplate(null);
    return written;
  }

  /** Removes a kept template (GMs). */
  removeKeptTemplate(id: string): boolean {
    return this.#gmEdit('remove a template', () => [removedTemplateChange(id)]);
  }

  /**
   * Adds fog edits to the viewed scene (GMs).
   * @returns whether they were written, or sent to the device that runs the table
   */
  addFog(drafts: readonly FogEditDraft[]): boolean {
    const sceneId = this.view.get().scene?.id;
    if (sceneId === undefined || drafts.length === 0) return false;
    let last = -1;
    const written = this.#gmEdit('edit the fog', () => {
      const sent = this.#sentFogSeq.get(sceneId);
      const { edits, changes } = fogEditChanges(
        this.session.table,
        sceneId,
        drafts,
        undefined,
        sent,
      );
      last = edits.at(-1)?.seq ?? -1;
      return changes;
    });
    // Sent from a GM's other device, these edits reach its doc only once committed: the next
    // ones must still come after them (a cover-all, then a room revealed at once).
    if (written) this.#sentFogSeq.set(sceneId, last);
    return written;
  }

  /**
   * Pings a point of the viewed scene for everyone; `pull` (GMs) asks every board to look there.
   * @returns false when nothing was sent (no scene, or too many pings at once)
   */
  ping(point: Point, pull = false): boolean {
    const view = this.view.get();
    if (view.scene === null) return false;
    const sent = this.presence.ping(view.scene.id, point, pull && view.isGm);
    if (sent === null) this.notice.set('Too many pings at once: wait a moment.');
    return sent !== null;
  }

  /** Clears the notice. */
  dismissNotice(): void {
    this.notice.set(null);
  }

  /** Stops following everything and clears this viewer's presence for everyone. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    for (const timer of this.#pingTimers) clearTimeout(timer);
    this.#pingTimers.clear();
    this.presence.dispose();
  }

  #drawSource(): DrawSource {
    const me = this.memberOf(this.session.me.userId);
    return {
      sceneId: this.view.get().scene?.id ?? null,
      kept: this.kept.get(),
      peers: this.peers.get(),
      memberOf: (userId) => this.memberOf(userId),
      me: { name: me?.name ?? '', color: this.myColor() },
      myTemplate: this.template.get(),
      myRuler: this.ruler.get(),
    };
  }

  /** A GM's change of the table, from whichever GM device (records/gmWrites.ts). */
  #gmEdit(what: string, changes: () => TableChange[]): boolean {
    try {
      const sent = writeTableChanges(this.session, what, changes());
      this.notice.set(null);
      // From a GM's other device: the device that runs the table may still refuse it.
      void sent?.receipt.then((receipt) => {
        if (receipt.status === 'rejected' && !this.#disposed) {
          this.notice.set(`The table refused to ${what}: ${receipt.reason}`);
        }
      });
      return true;
    } catch (error) {
      this.notice.set(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  #readFog(): void {
    const sceneId = this.view.get().scene?.id;
    this.fog.set(
      sceneId === undefined
        ? FogMask.EMPTY
        : new FogMask(readFogEdits(this.session.table, sceneId)),
    );
  }

  #readKept(): void {
    const sceneId = this.view.get().scene?.id;
    this.kept.set(sceneId === undefined ? [] : readKeptTemplates(this.session.table, sceneId));
  }

  #heard(heard: HeardPing): void {
    if (this.#disposed) return;
    const { ping } = heard;
    const member = this.memberOf(heard.userId);
    // A stranger's pings are not shown: only members have a name and a colour to show.
    if (member === null) return;
    const mine = heard.clientId === this.session.tableSync.awareness.clientID;
    const pull =
      ping.pull &&
      !mine &&
      isGmDevice(
        heard.raw,
        heard.clientId,
        heard.userId,
        gmKeysOf(this.session.table),
        this.session.campaignId,
        Date.now(),
      );
    this.#pingCount += 1;
    const shown: ShownPing = {
      key: `${heard.clientId}:${ping.id}:${this.#pingCount}`,
      sceneId: ping.sceneId,
      x: ping.x,
      y: ping.y,
      name: member.name,
      color: member.color,
      pull: ping.pull && (mine || pull),
    };
    this.pings.update((list) => [...list, shown]);
    const timer = setTimeout(() => {
      this.#pingTimers.delete(timer);
      this.pings.update((list) => list.filter((p) => p.key !== shown.key));
    }, PING_MS);
    this.#pingTimers.add(timer);
    if (!pull) return;
    if (ping.sceneId === this.view.get().scene?.id) this.#centreOn(ping);
    else {
      this.#pendingCentre = { sceneId: ping.sceneId, point: { x: ping.x, y: ping.y } };
      this.#options.onViewScene?.(ping.sceneId);
    }
  }

  #centreOn(point: Point): void {
    this.editor.centerOnPoint(point, { animation: { duration: 400 } });
  }
}

/** Scene pixels to a tenth, for the wire. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
