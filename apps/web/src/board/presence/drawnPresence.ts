/**
 * What the board tools' layers draw on the viewed scene, from the kept templates, everyone's
 * presence and this viewer's own ruler and template: pure functions. A device on another scene
 * draws nothing here, and neither does one whose user is not a member of the table (a stranger
 * has no name or colour to show, and no business on the board).
 */
import type { TemplateRecord, TemplateShape } from '@meshtable/schema';
import type { Point } from '../grid/gridGeometry';
import { type RulerDraft, rulerPoints } from '../measure/rulerDraft';
import type { RemotePresence } from './BoardPresence';
import type { DrawnCursor, DrawnRuler, DrawnTemplate } from './drawnTypes';

/** What the layers are drawn from. */
export interface DrawSource {
  /** The viewed scene, or null for none. */
  readonly sceneId: string | null;
  readonly kept: readonly TemplateRecord[];
  readonly peers: readonly RemotePresence[];
  memberOf(userId: string): { readonly name: string; readonly color: string } | null;
  readonly me: { readonly name: string; readonly color: string };
  readonly myTemplate: TemplateShape | null;
  readonly myRuler: RulerDraft | null;
}

type MemberPeer = RemotePresence & { readonly member: { name: string; color: string } };

/** The other devices on the viewed scene whose user is a member. */
function peersOn(source: DrawSource): MemberPeer[] {
  const found: MemberPeer[] = [];
  if (source.sceneId === null) return found;
  for (const peer of source.peers) {
    if (peer.state.sceneId !== source.sceneId) continue;
    const member = source.memberOf(peer.state.userId);
    if (member !== null) found.push({ ...peer, member });
  }
  return found;
}

/** The kept templates, then others' being placed, then this viewer's. */
export function drawnTemplates(source: DrawSource): DrawnTemplate[] {
  if (source.sceneId === null) return [];
  const drawn: DrawnTemplate[] = source.kept.map((record) => ({
    key: `kept:${record.id}`,
    shape: record.shape,
    color: record.color,
    by: null,
    kept: true,
  }));
  for (const peer of peersOn(source)) {
    if (peer.state.template === null) continue;
    drawn.push({
      key: `peer:${peer.clientId}`,
      shape: peer.state.template,
      color: peer.member.color,
      by: peer.member.name,
      kept: false,
    });
  }
  if (source.myTemplate !== null) {
    drawn.push({
      key: 'mine',
      shape: source.myTemplate,
      color: source.me.color,
      by: source.me.name,
      kept: false,
    });
  }
  return drawn;
}

/** Others' rulers, then this viewer's. */
export function drawnRulers(source: DrawSource): DrawnRuler[] {
  if (source.sceneId === null) return [];
  const drawn: DrawnRuler[] = [];
  for (const peer of peersOn(source)) {
    const flat = peer.state.ruler;
    if (flat === null) continue;
    const points: Point[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      points.push({ x: flat[i] as number, y: flat[i + 1] as number });
    }
    drawn.push({
      key: `peer:${peer.clientId}`,
      points,
      color: peer.member.color,
      name: peer.member.name,
      mine: false,
    });
  }
  const mine = source.myRuler === null ? [] : rulerPoints(source.myRuler);
  if (mine.length >= 2) {
    drawn.push({
      key: 'mine',
      points: mine,
      color: source.me.color,
      name: source.me.name,
      mine: true,
    });
  }
  return drawn;
}

/** Others' cursors. */
export function drawnCursors(source: DrawSource): DrawnCursor[] {
  const drawn: DrawnCursor[] = [];
  for (const peer of peersOn(source)) {
    const cursor = peer.state.cursor;
    if (cursor === null) continue;
    drawn.push({
      key: `peer:${peer.clientId}`,
      x: cursor[0],
      y: cursor[1],
      name: peer.member.name,
      color: peer.member.color,
      movedAt: peer.cursorMovedAt,
    });
  }
  return drawn;
}
