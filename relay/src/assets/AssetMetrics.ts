/**
 * Counters of the asset endpoints, rendered into `GET /metrics` by RelayMetrics.
 */
import type { AssetErrorCode } from './AssetError';

/** Asset uploads, downloads, deletions and refusals. */
export class AssetMetrics {
  /** Uploads accepted (stored, or already stored). */
  uploads = 0;
  /** Body bytes of accepted uploads. */
  uploadBytes = 0;
  /** GET answers that sent the asset or a part of it (not 304s, not HEAD). */
  downloads = 0;
  /** Body bytes sent by downloads. */
  downloadBytes = 0;
  /** Deletions accepted: a room gave an asset up. */
  releases = 0;
  /** Bytes of room quotas those deletions freed. */
  releasedBytes = 0;
  /** Asset files deleted because no room held them any more. */
  filesDeleted = 0;
  private readonly refusals = new Map<AssetErrorCode, number>();

  /** Counts a refused asset request (or an upload the client abandoned) by its code. */
  countRefusal(code: AssetErrorCode): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  /** How many requests were refused with `code` so far. */
  refusalCount(code: AssetErrorCode): number {
    return this.refusals.get(code) ?? 0;
  }

  /** The Prometheus exposition lines. */
  lines(): string[] {
    const counter = (name: string, help: string, value: number) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} counter`,
      `${name} ${value}`,
    ];
    return [
      ...counter('meshtable_asset_uploads_total', 'Asset uploads accepted.', this.uploads),
      ...counter(
        'meshtable_asset_upload_bytes_total',
        'Bytes of asset uploads accepted.',
        this.uploadBytes,
      ),
      ...counter('meshtable_asset_downloads_total', 'Asset downloads (200, 206).', this.downloads),
      ...counter(
        'meshtable_asset_download_bytes_total',
        'Bytes of assets sent.',
        this.downloadBytes,
      ),
      ...counter(
        'meshtable_asset_releases_total',
        'Asset deletions accepted (a room gave an asset up).',
        this.releases,
      ),
      ...counter(
        'meshtable_asset_released_bytes_total',
        'Bytes of room quotas freed by asset deletions.',
        this.releasedBytes,
      ),
      ...counter(
        'meshtable_asset_files_deleted_total',
        'Asset files deleted because no room held them any more.',
        this.filesDeleted,
      ),
      '# HELP meshtable_asset_refusals_total Asset requests refused, by code (docs/errors.md).',
      '# TYPE meshtable_asset_refusals_total counter',
      ...[...this.refusals].map(
        ([code, count]) => `meshtable_asset_refusals_total{code="${code}"} ${count}`,
      ),
    ];
  }
}
