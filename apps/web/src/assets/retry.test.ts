import { describe, expect, it } from 'vitest';
import { AssetError } from './AssetError';
import { withRetries } from './retry';

const flaky = () => new AssetError('ASSET_NETWORK_FAILED', 'down', true);

describe('withRetries', () => {
  it('tries again after a retryable failure, waiting longer each time, up to a ceiling', async () => {
    const waits: number[] = [];
    let tries = 0;
    const result = await withRetries(
      async (attempt) => {
        tries = attempt;
        if (attempt < 5) throw flaky();
        return 'stored';
      },
      {
        attempts: 5,
        baseDelayMs: 1000,
        maxDelayMs: 5000,
        random: () => 0.999,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    expect(result).toBe('stored');
    expect(tries).toBe(5);
    expect(waits).toEqual([999, 1998, 3996, 4995]);
  });

  it('gives up after the last try with the last error, and never retries a refusal', async () => {
    const sleep = async () => {};
    let tries = 0;
    await expect(
      withRetries(
        async () => {
          tries++;
          throw flaky();
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep },
      ),
    ).rejects.toMatchObject({ code: 'ASSET_NETWORK_FAILED' });
    expect(tries).toBe(3);

    tries = 0;
    await expect(
      withRetries(
        async () => {
          tries++;
          throw new AssetError('ASSET_TYPE_REFUSED', 'svg');
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep },
      ),
    ).rejects.toMatchObject({ code: 'ASSET_TYPE_REFUSED' });
    expect(tries).toBe(1);
  });

  it('says which try comes next, and why the last failed', async () => {
    const heard: string[] = [];
    await withRetries(
      async (attempt) => {
        if (attempt === 1) throw flaky();
      },
      {
        attempts: 2,
        baseDelayMs: 10,
        maxDelayMs: 10,
        random: () => 0.5,
        sleep: async () => {},
        onRetry: (error, next, delay) =>
          heard.push(`${error.message} → try ${next} in ${delay} ms`),
      },
    );
    expect(heard).toEqual(['down → try 2 in 5 ms']);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const pending = withRetries(
      async () => {
        throw flaky();
      },
      { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ASSET_CANCELLED' });
  });
});
