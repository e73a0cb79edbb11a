import type { RelayAssetLimits, RelayClientConfig } from '@meshtable/schema';

/** What the app uses when the relay's `/config` is unreachable (e.g. under `vite dev`). */
export const DEFAULT_CLIENT_CONFIG: RelayClientConfig = { tldrawLicenseKey: null, iceServers: [] };

/** How long to wait for `/config` before falling back, so a slow relay cannot hold the app. */
const CONFIG_TIMEOUT_MS = 3000;

/**
 * Checks a `/config` body. The relay is ours, but the response crosses the network: anything
 * malformed falls back to the default for that field rather than reaching tldraw or WebRTC.
 */
export function parseClientConfig(body: unknown): RelayClientConfig {
  if (typeof body !== 'object' || body === null) return DEFAULT_CLIENT_CONFIG;
  const { tldrawLicenseKey, iceServers, assetLimits } = body as Record<string, unknown>;
  const limits = parseAssetLimits(assetLimits);
  return {
    tldrawLicenseKey:
      typeof tldrawLicenseKey === 'string' && tldrawLicenseKey.length > 0 ? tldrawLicenseKey : null,
    iceServers: Array.isArray(iceServers) ? iceServers.filter(isIceServer) : [],
    ...(limits === undefined ? {} : { assetLimits: limits }),
  };
}

/** The relay's asset caps, or undefined unless every one is a positive whole number. */
function parseAssetLimits(value: unknown): RelayAssetLimits | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { maxAssetBytes, maxJsonAssetBytes, quotaBytesPerRoom } = value as Record<string, unknown>;
  const caps = [maxAssetBytes, maxJsonAssetBytes, quotaBytesPerRoom];
  if (!caps.every((cap) => Number.isSafeInteger(cap) && (cap as number) > 0)) return undefined;
  return {
    maxAssetBytes: maxAssetBytes as number,
    maxJsonAssetBytes: maxJsonAssetBytes as number,
    quotaBytesPerRoom: quotaBytesPerRoom as number,
  };
}

/**
 * Fetches `GET /config` from the page's own origin (the relay serves the app). Never throws:
 * on any failure it resolves to {@link DEFAULT_CLIENT_CONFIG}.
 */
export async function loadClientConfig(
  fetchImpl: typeof fetch = fetch,
  url = '/config',
): Promise<RelayClientConfig> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), CONFIG_TIMEOUT_MS);
  try {
    const response = await fetchImpl(url, { signal: abort.signal, cache: 'no-store' });
    if (!response.ok) return DEFAULT_CLIENT_CONFIG;
    return parseClientConfig(await response.json());
  } catch {
    return DEFAULT_CLIENT_CONFIG;
  } finally {
    clearTimeout(timer);
  }
}

type IceServer = RelayClientConfig['iceServers'][number];

function isIceServer(value: unknown): value is IceServer {
  if (typeof value !== 'object' || value === null) return false;
  const { urls, username, credential } = value as Record<string, unknown>;
  const urlsOk =
    typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
  return (
    urlsOk &&
    (username === undefined || typeof username === 'string') &&
    (credential === undefined || typeof credential === 'string')
  );
}
