export type { AssetTypeInfo, AssetTypeName, SniffResult } from './assets/assetTypes';
export {
  ASSET_TYPES,
  DEFAULT_ASSET_QUOTA_BYTES,
  DEFAULT_MAX_ASSET_BYTES,
  DEFAULT_MAX_JSON_ASSET_BYTES,
  MAX_JSON_LEADING_BYTES,
  MAX_SNIFF_BYTES,
  sniffAssetType,
} from './assets/assetTypes';
export type { AnnotationRecord, AnnotationType } from './campaign/annotationRecords';
export {
  ANNOTATION_LIMITS,
  ANNOTATION_TYPES,
  annotationRecordSchema,
} from './campaign/annotationRecords';
export type { AssetRecord } from './campaign/assetRecords';
export {
  assetRecordSchema,
  assetTypeSchema,
  MAX_ASSET_NAME_LENGTH,
} from './campaign/assetRecords';
export type { AudioState } from './campaign/audioRecords';
export {
  AMBIENT_AUDIO_KEY,
  audioStateSchema,
  MAX_AUDIO_OFFSET_SECONDS,
} from './campaign/audioRecords';
export {
  GM_MAPS,
  GM_TABLE_KEYS_MAP,
  gmRoomName,
  INTENT_LOG_PREFIX,
  intentLogName,
  POST_LOG_PREFIX,
  postLogName,
  REKEY_META_KEYS,
  SCHEMA_VERSION,
  schemaVersionSchema,
  TABLE_MAPS,
} from './campaign/docLayout';
export {
  colorSchema,
  jsonObjectSchema,
  jsonSchema,
  nameSchema,
  publicKeySchema,
  recordIdSchema,
  sha256HexSchema,
  timestampSchema,
  userIdSchema,
} from './campaign/fields';
export type { FogEdit, FogMode } from './campaign/fogRecords';
export {
  FOG_LIMITS,
  fogEditKey,
  fogEditSchema,
  fogModeSchema,
} from './campaign/fogRecords';
export type { GmDecision, HeldIntent, IntentPolicy } from './campaign/intentPolicies';
export {
  gmDecisionSchema,
  gmReasonSchema,
  heldIntentSchema,
  intentKindKeySchema,
} from './campaign/intentPolicies';
export type { RecordMapName, RecordOf } from './campaign/recordMaps';
export { RECORD_MAP_NAMES, RECORD_SCHEMAS } from './campaign/recordMaps';
export type {
  ActiveScene,
  Actor,
  Campaign,
  CampaignSettings,
  Combat,
  Combatant,
  DiceCommitment,
  GmGrant,
  GmGrants,
  GmKeys,
  GmTableKey,
  Grid,
  Handout,
  Member,
  Post,
  Receipt,
  ReceiptRoll,
  Rekey,
  Scene,
  SealedTableKey,
  SystemPin,
  TableEpochRecord,
  Token,
  TokenBar,
} from './campaign/records';
export {
  ACTIVE_SCENE_META_KEY,
  activeSceneSchema,
  actorSchema,
  campaignSchema,
  campaignSettingsSchema,
  combatantSchema,
  combatSchema,
  diceCommitmentSchema,
  GM_GRANTS_META_KEY,
  gmGrantSchema,
  gmGrantsSchema,
  gmKeysSchema,
  gmTableKeySchema,
  gridSchema,
  handoutSchema,
  intentPolicySchema,
  MAX_GM_GRANTS,
  MAX_REKEY_RECIPIENTS,
  memberSchema,
  postSchema,
  receiptRollSchema,
  receiptSchema,
  rekeySchema,
  sceneSchema,
  sealedTableKeySchema,
  systemPinSchema,
  tableEpochSchema,
  tokenBarSchema,
  tokenSchema,
} from './campaign/records';
export type {
  SceneDoor,
  SceneGeometry,
  SceneLight,
} from './campaign/sceneGeometry';
export {
  SCENE_GEOMETRY_FORMAT,
  SCENE_GEOMETRY_LIMITS,
  sceneDoorSchema,
  sceneGeometrySchema,
  sceneLightSchema,
  wallPolylineSchema,
} from './campaign/sceneGeometry';
export type { SealedHandout, SealedHandoutContent } from './campaign/sealedHandoutRecords';
export {
  sealedHandoutContentSchema,
  sealedHandoutSchema,
} from './campaign/sealedHandoutRecords';
export type { SealedContentKey, SealedText } from './campaign/sealedText';
export {
  MAX_SEALED_TEXT_BYTES,
  MAX_SEALED_TEXT_READERS,
  SEALED_TEXT_VERSION,
  sealedContentKeySchema,
  sealedTextSchema,
} from './campaign/sealedText';
export type {
  TemplateKind,
  TemplateRecord,
  TemplateShape,
} from './campaign/templateRecords';
export {
  MAX_TEMPLATE_EXTENT,
  templateRecordSchema,
  templateShapeSchema,
} from './campaign/templateRecords';
export type { DataProblem } from './module/actorData';
export { checkActorData, checkListRow, mergeActorData } from './module/actorData';
export type { Compendium, CompendiumEntry } from './module/compendium';
export {
  COMPENDIUM_FORMAT,
  COMPENDIUM_LIMITS,
  compendiumSchema,
  ITEM_TYPE,
} from './module/compendium';
export type { Refusal } from './module/dispatch';
export { dispatch } from './module/dispatch';
export type {
  ContentCheck,
  ContentManifest,
  ContentProblem,
  ModuleContent,
} from './module/moduleContent';
export {
  CONTENT_LIMITS,
  checkModuleContent,
  describeContentProblem,
  describeContentProblems,
} from './module/moduleContent';
export type { RefSource, RefValues, SheetRef } from './module/paths';
export {
  actorPathSchema,
  classifyRef,
  isValuePath,
  refsInNotation,
  resolveNotation,
  valueAtPath,
  valuePathSchema,
} from './module/paths';
export type { ContentIssue, Sheet } from './module/sheet';
export {
  actorDataSchema,
  actorTypeSchema,
  parseSheet,
  SHEET_FORMAT,
  sheetSchema,
} from './module/sheet';
export type {
  BoundField,
  DerivedField,
  ListField,
  RollButton,
  RollQuestion,
  RowField,
  SheetField,
} from './module/sheetFields';
export { FIELD_TYPES, SHEET_LIMITS } from './module/sheetFields';
export type { FieldVisit, RefUse, SheetLocation } from './module/sheetRefs';
export { derivedPathsOf, fieldsOf, refsOf } from './module/sheetRefs';
export type { ResolvedRoll, SheetValues } from './module/sheetValues';
export { checkSheetValues } from './module/sheetValues';
export type { BoardPresenceState, SharedPing } from './presence/boardPresence';
export {
  BOARD_PRESENCE_FIELD,
  boardPresenceSchema,
  MAX_RULER_POINTS,
  MAX_SHARED_PINGS,
  sharedPingSchema,
} from './presence/boardPresence';
export type { RelayAssetLimits, RelayClientConfig } from './relayProtocol';
export {
  isValidRoomName,
  MAX_ROOM_NAME_LENGTH,
  RelayCloseCode,
  SyncMessageType,
} from './relayProtocol';
export type {
  ParseUniversalVttOptions,
  UniversalVttImageType,
  UniversalVttMap,
} from './uvtt/parseUniversalVtt';
export { parseUniversalVtt } from './uvtt/parseUniversalVtt';
export type { UniversalVttErrorCode } from './uvtt/UniversalVttError';
export { MAX_UNIVERSAL_VTT_BYTES, UniversalVttError } from './uvtt/UniversalVttError';
export type {
  UniversalVttFile,
  UvttLight,
  UvttPoint,
  UvttPortal,
} from './uvtt/universalVttSchema';
export { UNIVERSAL_VTT_LIMITS, universalVttSchema } from './uvtt/universalVttSchema';
