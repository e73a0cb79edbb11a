import { BOARD_BINDING_UTILS, BOARD_SHAPE_UTILS } from '../boardUtils';
import { SceneShapeUtil } from '../scene/SceneShapeUtil';
import { TokenShapeUtil } from '../tokens/TokenShapeUtil';

/**
 * The shape utils of the campaign board: the free board's (so drawings and notes can come to
 * the map later) plus the scene's backdrop and tokens. The store's schema and the editor must
 * use the same list: stable identity, defined once.
 */
export const CAMPAIGN_SHAPE_UTILS = [...BOARD_SHAPE_UTILS, SceneShapeUtil, TokenShapeUtil];

/** The campaign board's binding utils: the free board's. */
export const CAMPAIGN_BINDING_UTILS = BOARD_BINDING_UTILS;
