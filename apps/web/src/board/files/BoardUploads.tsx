import { useSyncExternalStore } from 'react';
import type { BoardFileJob, BoardFiles } from './BoardFiles';

const KIND_LABEL: Readonly<Record<BoardFileJob['kind'], string>> = {
  token: 'Token',
  background: 'Background',
  map: 'Map',
};

/**
 * The files on their way to the board, at its bottom edge: each with its progress and, at the
 * end, what became of it or why not. A token just made from a dropped image offers to be the
 * scene's background instead. Finished rows stay until dismissed or the next drop.
 */
export function BoardUploads({ files }: { readonly files: BoardFiles }) {
  const jobs = useSyncExternalStore(files.subscribe, files.jobs);
  if (jobs.length === 0) return null;
  return (
    <section
      className="mt-board-uploads"
      aria-label="Files for the board"
      data-testid="board-uploads"
    >
      <ul>
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} files={files} />
        ))}
      </ul>
    </section>
  );
}

function JobRow({ job, files }: { readonly job: BoardFileJob; readonly files: BoardFiles }) {
  const running = job.state === 'waiting' || job.state === 'working';
  const percent = job.total > 0 ? Math.floor((job.loaded / job.total) * 100) : 0;
  return (
    <li
      className="mt-board-upload"
      data-testid="board-upload"
      data-state={job.state}
      data-kind={job.kind}
      data-name={job.name}
    >
      <div className="mt-board-upload-head">
        <span className="mt-tag">{KIND_LABEL[job.kind]}</span>
        <span className="mt-board-upload-name" title={job.name}>
          {job.name}
        </span>
        {running && job.loaded > 0 && <span className="mt-hint">{percent}%</span>}
        <button
          type="button"
          className="mt-button"
          aria-label={`${running ? 'Cancel' : 'Dismiss'} ${job.name}`}
          data-testid={running ? 'board-upload-cancel' : 'board-upload-dismiss'}
          onClick={() => (running ? files.cancel(job.id) : files.dismiss(job.id))}
        >
          {running ? 'Cancel' : '×'}
        </button>
      </div>
      {running && (
        <progress
          data-testid="board-upload-progress"
          aria-label={`${job.name}: ${job.message}`}
          max={job.total || 1}
          value={job.loaded > 0 ? job.loaded : undefined}
          data-loaded={job.loaded}
        />
      )}
      <p
        className={job.state === 'failed' ? 'mt-error' : 'mt-hint'}
        role={job.state === 'failed' ? 'alert' : 'status'}
        data-testid="board-upload-message"
      >
        {job.message}
      </p>
      {job.placed !== undefined && (
        <button
          type="button"
          className="mt-button"
          data-testid="board-upload-use-background"
          onClick={() => files.makeBackgroundInstead(job.id)}
        >
          Use as the background instead
        </button>
      )}
    </li>
  );
}
