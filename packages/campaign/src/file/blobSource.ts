/**
 * A campaign file held in a Blob (a File the person picked, in the browser) as a
 * {@link CampaignFileSource}: each reading streams the Blob from its position with
 * `Blob.stream()`, so a file of hundreds of MB is never read whole into memory.
 */
import type { ChunkSource } from './assetLineReader';
import type { CampaignFileSource } from './openCampaignFile';

/**
 * The source of a campaign file held in a Blob.
 * @example
 * const contents = await openCampaignFile(blobSource(input.files[0]));
 */
export function blobSource(blob: Blob): CampaignFileSource {
  return {
    size: async () => blob.size,
    read: (start) => streamChunks(blob.slice(start).stream()),
  };
}

/** The chunks of a byte stream, empty ones skipped. */
function streamChunks(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader();
  return {
    async next() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return null;
        if (value.length > 0) return value;
      }
    },
  };
}
