/**
 * @meshtable/campaign — the campaign engine (DESIGN.md §§2–3): identities (Ed25519 key pairs
 * and their files), campaigns and invites, signed intents and the player's client for them, the
 * GM validator that rules on intents (with the game system's module in the sandbox), the audit
 * that undoes unauthorised writes, and verifiable dice in receipts. docs/campaign.md explains
 * the model. Realm-neutral: it runs in browsers, in Node and in workers. Browser-only parts (the
 * IndexedDB identity store) are in `@meshtable/campaign/browser`.
 */

export type { AuditReport, TableAuditOptions } from './audit/TableAudit';
export { AUDIT_ORIGIN, TableAudit } from './audit/TableAudit';
export type {
  IntentClientOptions,
  IntentTicket,
  MoveRejection,
  TokenPreview,
} from './client/IntentClient';
export { DEFAULT_MAX_REISSUES, INTENT_CLIENT_ORIGIN, IntentClient } from './client/IntentClient';
export type { IntentClientErrorCode } from './client/IntentClientError';
export { IntentClientError } from './client/IntentClientError';
export type {
  CombatInitiativePayload,
  CoreIntentKind,
  DamageApplyPayload,
  GmEditPayload,
  JoinPayload,
  RollPayload,
  TokenMovePayload,
} from './client/intentKinds';
export {
  combatInitiativePayloadSchema,
  damageApplyPayloadSchema,
  gmEditChangeSchema,
  gmEditPayloadSchema,
  INTENT_KINDS,
  joinPayloadSchema,
  MAX_GM_EDIT_CHANGES,
  MAX_INITIATIVE_COMBATANTS,
  rollLabelSchema,
  tokenMovePayloadSchema,
} from './client/intentKinds';
export type { PendingIntent, SeqCollision } from './client/OwnIntentLog';
export {
  currentCombatant,
  nextTurn,
  previousTurn,
  sortByInitiative,
  withCombatants,
  withInitiatives,
  withoutCombatant,
} from './combat/combatOrder';
export type { TouchedRecord } from './doc/changes';
export { ChangeError, commitChanges, planChanges } from './doc/changes';
export type {
  CollectionRule,
  GmEditCollection,
  TableChange,
  TableCollection,
} from './doc/tableCollections';
export { GM_EDIT_COLLECTIONS, TABLE_COLLECTION_RULES } from './doc/tableCollections';
export { fromYValue, jsonEqual, patchYMap, toYValue } from './doc/yRecords';
export type { ChunkSource } from './file/assetLineReader';
export { CampaignFileReader } from './file/assetLineReader';
export type { ByteSink, WrittenAsset } from './file/assetLineWriter';
export { AssetLineWriter } from './file/assetLineWriter';
export { decodeBase64, encodeBase64 } from './file/base64';
export { blobSource } from './file/blobSource';
export type { CampaignTransferErrorCode } from './file/CampaignTransferError';
export { CampaignTransferError } from './file/CampaignTransferError';
export type { CampaignCheck, CampaignKeys } from './file/campaignDocs';
export {
  checkCampaignDocs,
  checkGmDoc,
  checkTableDoc,
  docHolds,
  isEmptyDoc,
  readChainHead,
  referencedAssets,
  rekeyCampaign,
} from './file/campaignDocs';
export type { CampaignAsset, CampaignHeaderV2, LoadedCampaignFile } from './file/campaignFile';
export {
  CAMPAIGN_FILE_VERSION,
  decodeCampaignHeader,
  decodeCampaignText,
  encodeCampaignHeader,
  MAX_CAMPAIGN_ASSET_BYTES,
  MAX_CAMPAIGN_ASSETS,
  MAX_FORMAT1_FILE_BYTES,
  MAX_HEADER_LINE_BYTES,
} from './file/campaignFile';
export type {
  AssetSink,
  AssetVisitor,
  CampaignFileContents,
  CampaignFileSource,
  IncludedAsset,
  OpenLimits,
} from './file/openCampaignFile';
export { openCampaignFile } from './file/openCampaignFile';
export type { TransferProgress } from './file/transferProgress';
export type { WriteCampaignFileOptions } from './file/writeCampaignFile';
export { writeCampaignFile } from './file/writeCampaignFile';
export type { AddHiddenTokenOptions } from './hidden/addHidden';
export { addHiddenScene, addHiddenToken } from './hidden/addHidden';
export { deleteHidden } from './hidden/deleteHidden';
export type { HiddenCollection, HiddenRef } from './hidden/hideReasons';
export { HIDDEN_ORIGIN } from './hidden/hideReasons';
export type { SceneHidden } from './hidden/hideRecords';
export { hideScene, hideToken } from './hidden/hideRecords';
export type { HiddenMoveOptions } from './hidden/movePlan';
export type { HiddenMove } from './hidden/moveSteps';
export type { HiddenStatus, OnInvalidHidden } from './hidden/readHidden';
export {
  hiddenStatus,
  isHidden,
  listHiddenScenes,
  listHiddenTokens,
  readHiddenScene,
  readHiddenToken,
} from './hidden/readHidden';
export type { HiddenReconciliation } from './hidden/reconcileHidden';
export { reconcileHidden } from './hidden/reconcileHidden';
export type { SceneRevealed } from './hidden/revealRecords';
export { revealScene, revealToken } from './hidden/revealRecords';
export type { WatchHiddenOptions } from './hidden/watchHidden';
export { watchHidden } from './hidden/watchHidden';
export type { IdentityErrorCode } from './identity/IdentityError';
export { IdentityError } from './identity/IdentityError';
export type {
  CreateIdentityOptions,
  Identity,
  PublicIdentity,
  PublicIdentityJSON,
} from './identity/identity';
export {
  createIdentity,
  decodePublicKey,
  ED25519_KEY_BYTES,
  encodePublicKey,
  USER_ID_DOMAIN,
  userIdOf,
} from './identity/identity';
export type { IdentityFile } from './identity/identityFile';
export {
  exportIdentity,
  IDENTITY_FILE_VERSION,
  importIdentity,
  MAX_IDENTITY_FILE_CHARS,
} from './identity/identityFile';
export type { CanonicalJsonErrorCode } from './intents/CanonicalJsonError';
export { CanonicalJsonError } from './intents/CanonicalJsonError';
export type { JsonValue } from './intents/canonicalJson';
export {
  decodeCanonicalJson,
  encodeCanonicalJson,
  MAX_CANONICAL_JSON_DEPTH,
} from './intents/canonicalJson';
export type { IntentErrorCode } from './intents/IntentError';
export { IntentError } from './intents/IntentError';
export type { Intent, UnsignedIntent } from './intents/intent';
export {
  INTENT_KIND_PATTERN,
  INTENT_SIGNATURE_DOMAIN,
  INTENT_VERSION,
  intentId,
  intentSchema,
  intentSigningBytes,
  MAX_INTENT_PAYLOAD_BYTES,
  unsignedIntentSchema,
} from './intents/intent';
export type { IntentRequest } from './intents/signIntent';
export { signIntent } from './intents/signIntent';
export type { IntentRejection, IntentVerification } from './intents/verifyIntent';
export { verifyIntent } from './intents/verifyIntent';
export type { AddCoGmOptions, AddedCoGm } from './lifecycle/addCoGm';
export { ADD_CO_GM_ORIGIN, addCoGm } from './lifecycle/addCoGm';
export type { CampaignErrorCode } from './lifecycle/CampaignError';
export { CampaignError } from './lifecycle/CampaignError';
export type { CreateCampaignOptions, CreatedCampaign } from './lifecycle/createCampaign';
export { createCampaign, DEFAULT_CAMPAIGN_SETTINGS } from './lifecycle/createCampaign';
export {
  CAMPAIGN_KEY_BYTES,
  createCampaignId,
  createCampaignKey,
  isCampaignKey,
} from './lifecycle/credentials';
export type { GmGrantErrorCode } from './lifecycle/GmGrantError';
export { GmGrantError } from './lifecycle/GmGrantError';
export type { GmGrantFields, GmTrustOptions, UnsignedGmGrant } from './lifecycle/gmTrust';
export {
  GM_GRANT_SIGNATURE_DOMAIN,
  GM_GRANT_VERSION,
  GmTrust,
  gmGrantSigningBytes,
  readTrustedGms,
  signGmGrant,
  verifyGmGrant,
} from './lifecycle/gmTrust';
export type { Invite, InviteErrorCode, InviteFields, InviteParse } from './lifecycle/invite';
export {
  INVITE_ROUTE,
  MAX_INVITE_GMS,
  MAX_INVITE_LINK_CHARS,
  MAX_RELAY_URL_CHARS,
  makeInviteLink,
  parseInviteLink,
} from './lifecycle/invite';
export type { KickErrorCode, RekeyFailureCode } from './lifecycle/KickError';
export { KickError } from './lifecycle/KickError';
export type { Kick, KickMemberOptions } from './lifecycle/kick';
export { CARRY_OVER_ORIGIN, carryOver, KICK_ORIGIN, kickMember } from './lifecycle/kick';
export type { CampaignMeta } from './lifecycle/readCampaign';
export { isGm, META_KEYS, readMembers, readMeta } from './lifecycle/readCampaign';
export type { OpenedRekey, OpenRekeyOptions, RekeyOpening, UnsignedRekey } from './lifecycle/rekey';
export {
  openRekey,
  REKEY_SIGNATURE_DOMAIN,
  REKEY_VERSION,
  rekeySigningBytes,
  signRekey,
} from './lifecycle/rekey';
export type { SealContext } from './lifecycle/sealedKey';
export {
  openSealedTableKey,
  sealTableKey,
  TABLE_KEY_SEAL_DOMAIN,
} from './lifecycle/sealedKey';
export type { TableEpoch } from './lifecycle/tableEpoch';
export {
  readTableEpoch,
  readTableKeys,
  TABLE_ROOM_DOMAIN,
  tableRoom,
} from './lifecycle/tableEpoch';
export type {
  RollCard,
  RollCardDie,
  RollCardFact,
  RollCardSources,
  RollCardTerm,
  RollCardTrust,
} from './posts/rollCard';
export { readRollCard } from './posts/rollCard';
export type { RollText } from './posts/rollText';
export { splitRollText } from './posts/rollText';
export type { UnsignedPost } from './posts/signPost';
export { POST_SIGNATURE_DOMAIN, signPost, verifyPostSignature } from './posts/signPost';
export type { SealedTextErrorCode } from './sealed/SealedTextError';
export { SealedTextError } from './sealed/SealedTextError';
export type { SealedTextReader } from './sealed/sealText';
export {
  MAX_SEALED_CONTEXT_CHARS,
  openSealedText,
  SEALED_TEXT_DOMAIN,
  sealText,
} from './sealed/sealText';
export type {
  AnnotationAsker,
  AnnotationEdit,
  AnnotationVerdict,
} from './validator/annotationRules';
export {
  ANNOTATION_KINDS,
  annotationEditOf,
  applyAnnotationEdit,
  mayChangeAnnotation,
  readAnnotations,
  ruleAnnotationEdit,
} from './validator/annotationRules';
export type { Asker, Ruling } from './validator/coreRules';
export { applyCore, validateCore } from './validator/coreRules';
export type { GmValidatorOptions, RulesHost } from './validator/GmValidator';
export { GmValidator, VALIDATOR_ORIGIN } from './validator/GmValidator';
export type { IntentPolicyErrorCode } from './validator/IntentPolicyError';
export { IntentPolicyError } from './validator/IntentPolicyError';
export type { InitiativeRoll } from './validator/initiativeRules';
export {
  FALLBACK_INITIATIVE_NOTATION,
  INITIATIVE_SEED_DOMAIN,
  initiativeSeed,
  ownsCombatant,
} from './validator/initiativeRules';
export type { GmVerdict, HoldOutcome } from './validator/intentPolicies';
export {
  decideHeldIntent,
  GM_REJECTION_PREFIX,
  holdOutcome,
  INTENT_POLICY_ORIGIN,
  intentPolicyOf,
  readGmDecision,
  readHeldIntents,
  readIntentPolicies,
  setIntentPolicy,
} from './validator/intentPolicies';
export type {
  AwarenessLike,
  ValidatorClaim,
  ValidatorLeadershipOptions,
} from './validator/leadership';
export {
  CLAIM_FIELD,
  CLAIM_REFRESH_MS,
  CLAIM_TTL_MS,
  electLeader,
  signValidatorClaim,
  ValidatorLeadership,
  verifyValidatorClaim,
} from './validator/leadership';
export { signReceipt, verifyReceiptSignature } from './validator/receiptSignature';
export type { PendingSeed } from './validator/rollSeeds';
export {
  nextRollSeed,
  playerNonceOf,
  readSeedChain,
  SEED_CHAIN_KEY,
  writeSeedChain,
} from './validator/rollSeeds';
export type { TableEditDocs } from './validator/tableEdit';
export { applyTableEdit, planTableEdit, sceneBelongings } from './validator/tableEdit';
export type { TableSnapshot } from './validator/tableSnapshot';
export { recordOf, snapshotTable } from './validator/tableSnapshot';
export type { ReceiptVerification } from './validator/verifyReceipt';
export { verifyReceiptDice } from './validator/verifyReceipt';
