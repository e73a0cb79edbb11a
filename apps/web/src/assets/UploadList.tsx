import type { UploadItem, UploadQueue } from './useUploadQueue';

const STATE_LABEL: Readonly<Record<UploadItem['state'], string>> = {
  waiting: 'Waiting',
  checking: 'Checking',
  uploading: 'Uploading',
  retrying: 'Retrying',
  done: 'Done',
  failed: 'Not added',
  cancelled: 'Cancelled',
};

const RUNNING: readonly UploadItem['state'][] = ['waiting', 'checking', 'uploading', 'retrying'];

/** The files on their way to the relay, each with its progress and, at the end, its outcome. */
export function UploadList({ queue }: { readonly queue: UploadQueue }) {
  if (queue.items.length === 0) return null;
  const finished = queue.items.some((item) => !RUNNING.includes(item.state));
  return (
    <div className="mt-asset-uploads">
      <ul aria-label="Uploads" className="mt-asset-upload-list">
        {queue.items.map((item) => (
          <UploadRow key={item.id} item={item} queue={queue} />
        ))}
      </ul>
      {finished && (
        <button type="button" className="mt-button" onClick={queue.clearFinished}>
          Clear finished
        </button>
      )}
    </div>
  );
}

function UploadRow({ item, queue }: { readonly item: UploadItem; readonly queue: UploadQueue }) {
  const running = RUNNING.includes(item.state);
  const percent = item.total > 0 ? Math.floor((item.loaded / item.total) * 100) : 0;
  return (
    <li
      className="mt-asset-upload"
      data-testid="asset-upload"
      data-state={item.state}
      data-name={item.name}
    >
      <div className="mt-asset-upload-head">
        <span className="mt-asset-name" title={item.name}>
          {item.kind === 'map' ? 'Map: ' : ''}
          {item.name}
        </span>
        <span className="mt-hint">
          {STATE_LABEL[item.state]}
          {item.state === 'uploading' && ` ${percent}%`}
        </span>
        {running ? (
          <button
            type="button"
            className="mt-button mt-asset-small"
            aria-label={`Cancel ${item.name}`}
            onClick={() => queue.cancel(item.id)}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="mt-button mt-asset-small"
            aria-label={`Dismiss ${item.name}`}
            onClick={() => queue.dismiss(item.id)}
          >
            Dismiss
          </button>
        )}
      </div>
      {running && (
        <progress
          data-testid="asset-upload-progress"
          aria-label={`${item.name}: ${STATE_LABEL[item.state]}`}
          max={item.total || 1}
          value={item.state === 'waiting' || item.state === 'checking' ? undefined : item.loaded}
          data-loaded={item.loaded}
        />
      )}
      {item.message !== null && (
        // Announced as it comes (not the percentages, which would be a stream of noise).
        <p
          className={item.state === 'failed' ? 'mt-error' : 'mt-hint'}
          role={item.state === 'failed' ? 'alert' : 'status'}
          data-testid="asset-upload-message"
        >
          {item.message}
        </p>
      )}
    </li>
  );
}
