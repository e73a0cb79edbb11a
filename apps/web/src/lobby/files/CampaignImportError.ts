import { CodedError } from '../../errors/CodedError';

/**
 * Stable codes of {@link CampaignImportError}: why the lobby's "Import campaign file" kept
 * nothing, beyond what the file itself is refused for (CampaignTransferError's
 * `CAMPAIGN_FILE_*` codes). docs/errors.md lists them.
 */
export type CampaignImportErrorCode =
  /** This device's identity is not a GM of the campaign in the file (or it has none): a
   * campaign file is a GM's backup, and the table would not trust this device as its GM. */
  | 'CAMPAIGN_IMPORT_NOT_GM'
  /** This device keeps the campaign already, under other keys (a kick moved the table to a new
   * key since the file was written, or before): the file is not merged into it. */
  | 'CAMPAIGN_IMPORT_CONFLICT';

/** Why a campaign file was not imported on this device, with a stable code. */
export class CampaignImportError extends CodedError<CampaignImportErrorCode> {
  override readonly name = 'CampaignImportError';
}
