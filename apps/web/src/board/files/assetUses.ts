/**
 * Where a campaign still uses an asset: scene backgrounds (and a Universal VTT scene's walls),
 * token images, actor portraits and handout images, in the table doc and, on a GM's device, the
 * gm doc (hidden scenes and tokens). The library asks before an asset is removed, so that a GM
 * learns which of them would show no image afterwards.
 */
import { fromYValue } from '@meshtable/campaign';
import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import type * as Y from 'yjs';

/** One record that refers to the asset. */
export interface AssetUse {
  readonly kind: 'scene-background' | 'scene-walls' | 'token' | 'actor' | 'handout';
  readonly id: string;
  /** The record's name, as the GM knows it. */
  readonly name: string;
  /** For a token: the name of its scene, when known. */
  readonly sceneName?: string;
}

/** The fields of a stored record this reads; anything else is ignored. */
interface StoredRecord {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly sceneId?: unknown;
  readonly background?: unknown;
  readonly geometry?: unknown;
  readonly image?: unknown;
}

/** The records of one map of a doc, by key. */
function records(doc: Y.Doc, map: string): Map<string, StoredRecord> {
  const found = new Map<string, StoredRecord>();
  for (const [key, value] of doc.getMap(map)) {
    const record = fromYValue(value);
    if (record !== null && typeof record === 'object') found.set(key, record as StoredRecord);
  }
  return found;
}

/** A collection's records in the table doc and, on a GM's device, the gm doc's (hidden) ones. */
function everywhere(
  session: { readonly table: Y.Doc; readonly gm: Y.Doc | null },
  collection: 'scenes' | 'tokens' | 'handouts',
): StoredRecord[] {
  const all = records(session.table, TABLE_MAPS[collection]);
  if (session.gm !== null) {
    for (const [key, record] of records(session.gm, GM_MAPS[collection])) {
      if (!all.has(key)) all.set(key, record);
    }
  }
  return [...all.values()];
}

const nameOf = (record: StoredRecord) =>
  typeof record.name === 'string' && record.name !== '' ? record.name : 'unnamed';

/**
 * The records of the campaign that use `sha256`, scenes first, then tokens, actors, handouts.
 * @param session the table doc, and the gm doc on a GM's device (null elsewhere)
 */
export function findAssetUses(
  session: { readonly table: Y.Doc; readonly gm: Y.Doc | null },
  sha256: string,
): AssetUse[] {
  const scenes = everywhere(session, 'scenes');
  const sceneNames = new Map(scenes.map((scene) => [scene.id, nameOf(scene)]));
  const uses: AssetUse[] = [];
  for (const scene of scenes) {
    const id = String(scene.id);
    if (scene.background === sha256)
      uses.push({ kind: 'scene-background', id, name: nameOf(scene) });
    if (scene.geometry === sha256) uses.push({ kind: 'scene-walls', id, name: nameOf(scene) });
  }
  for (const token of everywhere(session, 'tokens')) {
    if (token.image !== sha256) continue;
    const sceneName = sceneNames.get(token.sceneId);
    uses.push({
      kind: 'token',
      id: String(token.id),
      name: nameOf(token),
      ...(sceneName === undefined ? {} : { sceneName }),
    });
  }
  for (const actor of records(session.table, TABLE_MAPS.actors).values()) {
    if (actor.image === sha256)
      uses.push({ kind: 'actor', id: String(actor.id), name: nameOf(actor) });
  }
  for (const handout of everywhere(session, 'handouts')) {
    if (handout.image === sha256) {
      uses.push({ kind: 'handout', id: String(handout.id), name: nameOf(handout) });
    }
  }
  return uses;
}

const LISTED = 4;

/**
 * The uses in words, for the warning: `the background of “Crypt”; 2 tokens: “Goblin” on
 * “Crypt”, “Orc”`. Long lists name the first few and count the rest.
 */
export function describeAssetUses(uses: readonly AssetUse[]): string {
  const parts: string[] = [];
  const of = (kind: AssetUse['kind']) => uses.filter((use) => use.kind === kind);
  const names = (list: readonly AssetUse[], label: (use: AssetUse) => string) => {
    const shown = list.slice(0, LISTED).map(label).join(', ');
    return list.length > LISTED ? `${shown} and ${list.length - LISTED} more` : shown;
  };
  const quoted = (use: AssetUse) => `“${use.name}”`;
  const backgrounds = of('scene-background');
  if (backgrounds.length > 0) {
    parts.push(
      `the background of ${backgrounds.length === 1 ? 'the scene' : `${backgrounds.length} scenes:`} ${names(backgrounds, quoted)}`,
    );
  }
  const walls = of('scene-walls');
  if (walls.length > 0) parts.push(`the walls of ${names(walls, quoted)}`);
  const tokens = of('token');
  if (tokens.length > 0) {
    parts.push(
      `${tokens.length === 1 ? 'the token' : `${tokens.length} tokens:`} ${names(tokens, (use) =>
        use.sceneName === undefined ? quoted(use) : `${quoted(use)} on “${use.sceneName}”`,
      )}`,
    );
  }
  const actors = of('actor');
  if (actors.length > 0) parts.push(`the portrait of ${names(actors, quoted)}`);
  const handouts = of('handout');
  if (handouts.length > 0) parts.push(`the handout ${names(handouts, quoted)}`);
  return parts.join('; ');
}
