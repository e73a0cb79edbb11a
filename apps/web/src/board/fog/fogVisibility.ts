/**
 * The view rule that keeps fogged tokens off players' boards: a token is not drawn (nor can it
 * be picked or hovered) on a player's board when fog hides every cell of its footprint
 * (FogMask.hidesToken), unless that player owns it. GMs see every token.
 *
 * It is a view rule, not a security boundary: the token's record is in the table doc that every
 * member receives, and anyone with the devtools can read it. What players must not know of goes
 * into the gm doc (hidden tokens), which their devices never receive.
 */
import type { Scene, Token } from '@meshtable/schema';
import type { FogMask } from './fogMask';

/** What the rule reads. */
export interface FogViewer {
  readonly userId: string;
  readonly isGm: boolean;
  readonly scene: Pick<Scene, 'grid'> | null;
  readonly fog: FogMask;
}

/** Whether the viewer's board leaves the token out because of fog. */
export function hiddenByFog(
  viewer: FogViewer,
  token: Pick<Token, 'id' | 'x' | 'y' | 'size' | 'owners'>,
): boolean {
  if (viewer.isGm || viewer.scene === null) return false;
  if (token.owners.includes(viewer.userId)) return false;
  return viewer.fog.hidesToken(viewer.scene.grid.size, token);
}
