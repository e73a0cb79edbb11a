/**
 * Trying again after a failure that may pass (the network, a relay restarting), waiting longer
 * each time: exponential backoff with full jitter, so that the clients of a relay that comes
 * back do not all return at the same instant.
 */
import { AssetError } from './AssetError';

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** The longest wait before the second try; it doubles for each later one. */
  readonly baseDelayMs: number;
  /** No wait is longer than this. */
  readonly maxDelayMs: number;
  readonly signal?: AbortSignal;
  /** Hears of each failure that will be tried again, with the try that comes next. */
  readonly onRetry?: (error: AssetError, nextAttempt: number, delayMs: number) => void;
  /** Waits; replaced in tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1); replaced in tests. */
  readonly random?: () => number;
}

/** The retries of an upload: 5 tries over about half a minute at worst. */
export const UPLOAD_RETRIES: Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'> = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
};

/**
 * Runs `task` until it succeeds, fails with an error that is not retryable, or runs out of
 * tries (the last error is thrown then).
 * @throws AssetError `ASSET_CANCELLED` when the signal aborts, or the task's own error
 */
export async function withRetries<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(options.signal);
    try {
      return await task(attempt);
    } catch (error) {
      const retryable = error instanceof AssetError && error.retryable;
      if (!retryable || attempt >= options.attempts) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(ceiling * random());
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, options.signal);
    }
  }
}

/** Throws `ASSET_CANCELLED` once `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw cancelled();
}

/** The error of a cancelled upload. */
export function cancelled(): AssetError {
  return new AssetError('ASSET_CANCELLED', 'Cancelled.');
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(cancelled());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
