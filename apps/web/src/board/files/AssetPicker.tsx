import { useEffect, useId, useRef, useState } from 'react';
import {
  AssetLibrary,
  type AssetSession,
  type LibraryAsset,
  readLibrary,
  thumbnailUrl,
  watchLibrary,
} from '../../assets';
import { describeAssetUses } from './assetUses';
import type { BoardFiles } from './BoardFiles';
import { useBoardFilesContext } from './BoardFilesContext';
import './boardFiles.css';

/** Props of {@link AssetPicker}. */
export interface AssetPickerProps {
  /** The chosen image's SHA-256, or null for none. */
  readonly value: string | null;
  /** A new choice (null: "Remove"). */
  readonly onChange: (sha256: string | null) => void;
  /** What is chosen, e.g. "Background". */
  readonly label: string;
  /** What none means, e.g. "None: a plain ground". */
  readonly emptyText: string;
  /** The dialog's title, e.g. "Choose the background of “Crypt”". */
  readonly dialogTitle: string;
  /** The library tile's pick button, e.g. "Use as background". */
  readonly pickLabel: string;
  /** The `data-testid` of the picker; its buttons add `-choose` and `-remove`. */
  readonly testId: string;
}

/**
 * An image from the campaign's library, for a scene's background or a token's image: a preview
 * of the current choice with its name, "Choose image…" (the library in a dialog, where the GM
 * can also upload) and "Remove". Offers nothing but the preview on a board without the library.
 */
export function AssetPicker(props: AssetPickerProps) {
  const context = useBoardFilesContext();
  const [open, setOpen] = useState(false);
  const { value, onChange, testId } = props;
  return (
    <fieldset className="mt-asset-picker" data-testid={testId} data-value={value ?? ''}>
      <legend className="mt-asset-picker-label">{props.label}</legend>
      <div className="mt-asset-picker-current">
        {context !== null && <Preview session={context.assets} sha256={value} />}
        <span className="mt-asset-picker-name" data-testid={`${testId}-name`}>
          {value === null ? (
            props.emptyText
          ) : context === null ? (
            'An image'
          ) : (
            <AssetName session={context.assets} sha256={value} />
          )}
        </span>
      </div>
      {context !== null && (
        <div className="mt-asset-picker-actions">
          <button
            type="button"
            className="mt-button"
            data-testid={`${testId}-choose`}
            aria-haspopup="dialog"
            onClick={() => setOpen(true)}
          >
            {value === null ? 'Choose image…' : 'Change…'}
          </button>
          {value !== null && (
            <button
              type="button"
              className="mt-button"
              data-testid={`${testId}-remove`}
              aria-label={`Remove the ${props.label.toLowerCase()}`}
              onClick={() => onChange(null)}
            >
              Remove
            </button>
          )}
        </div>
      )}
      {context !== null && open && (
        <PickerDialog
          session={context.assets}
          files={context.files}
          title={props.dialogTitle}
          pickLabel={props.pickLabel}
          onPick={(sha256) => {
            setOpen(false);
            onChange(sha256);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </fieldset>
  );
}

/**
 * The library in a modal dialog: Escape or "Close" leave it, a pick closes it. A GM can also
 * remove an asset from the campaign here, after a confirmation that says what still uses it.
 */
function PickerDialog({
  session,
  files,
  title,
  pickLabel,
  onPick,
  onClose,
}: {
  readonly session: AssetSession;
  readonly files: BoardFiles;
  readonly title: string;
  readonly pickLabel: string;
  readonly onPick: (sha256: string) => void;
  readonly onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [removing, setRemoving] = useState<LibraryAsset | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="mt-asset-picker-dialog"
      aria-labelledby={titleId}
      data-testid="asset-picker-dialog"
      onClose={onClose}
      // The board's keyboard shortcuts are not for what is typed and pressed in here.
      onKeyDown={(event) => event.stopPropagation()}
    >
      <div className="mt-asset-picker-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="mt-button"
          data-testid="asset-picker-close"
          onClick={onClose}
        >
          Close
        </button>
      </div>
      {outcome !== null && (
        <p className="mt-hint" role="status" data-testid="asset-remove-outcome">
          {outcome}
        </p>
      )}
      {removing !== null && (
        <RemoveConfirmation
          asset={removing}
          files={files}
          onDone={(message) => {
            setRemoving(null);
            setOutcome(message);
          }}
          onCancel={() => setRemoving(null)}
        />
      )}
      <div className="mt-asset-picker-dialog-body">
        <AssetLibrary
          session={session}
          initialKind="image"
          title="Images"
          pickLabel={pickLabel}
          onPick={(asset) => onPick(asset.sha256)}
          onRemove={(asset) => {
            setOutcome(null);
            setRemoving(asset);
          }}
        />
      </div>
    </dialog>
  );
}

/**
 * "Remove “name” from the campaign?": what still uses it (those would show no image), then the
 * relay is asked; a refusal is shown here and changes nothing.
 */
function RemoveConfirmation({
  asset,
  files,
  onDone,
  onCancel,
}: {
  readonly asset: LibraryAsset;
  readonly files: BoardFiles;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}) {
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const uses = files.usesOf(asset.sha256);
  const remove = () => {
    setBusy(true);
    setProblem(null);
    files.removeAsset(asset.sha256).then(onDone, (error: unknown) => {
      setBusy(false);
      setProblem(error instanceof Error ? error.message : String(error));
    });
  };
  return (
    <section
      className="mt-asset-remove"
      aria-labelledby={headingId}
      data-testid="asset-remove-confirm"
      data-uses={uses.length}
    >
      <h3 id={headingId}>Remove “{asset.name}” from the campaign?</h3>
      {uses.length > 0 ? (
        <p className="mt-asset-remove-uses" role="alert" data-testid="asset-remove-uses">
          Still in use: {describeAssetUses(uses)}. {uses.length === 1 ? 'It' : 'They'} will show no
          image.
        </p>
      ) : (
        <p className="mt-hint">Nothing in the campaign uses it.</p>
      )}
      <p className="mt-hint">
        The relay frees its space and deletes the file unless another table uses it too.
        {asset.shared ? ' The players’ library lists it no more.' : ''}
      </p>
      {problem !== null && (
        <p className="mt-asset-remove-problem" role="alert" data-testid="asset-remove-problem">
          {problem}
        </p>
      )}
      <div className="mt-asset-picker-actions">
        <button
          type="button"
          className="mt-button"
          data-testid="asset-remove-yes"
          disabled={busy}
          onClick={remove}
        >
          {busy ? 'Removing…' : 'Remove from the campaign'}
        </button>
        <button
          type="button"
          className="mt-button"
          data-testid="asset-remove-no"
          disabled={busy}
          onClick={onCancel}
        >
          Keep it
        </button>
      </div>
    </section>
  );
}

/** A small picture of the choice (the library's thumbnail), or an empty frame. */
function Preview({
  session,
  sha256,
}: {
  readonly session: AssetSession;
  readonly sha256: string | null;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const relayUrl = session.assetRelay.url;
  useEffect(() => {
    setUrl(null);
    setFailed(false);
    if (sha256 === null) return;
    let live = true;
    thumbnailUrl(relayUrl, sha256).then(
      (made) => live && setUrl(made),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [relayUrl, sha256]);
  if (url !== null) {
    // The name beside it says what it is.
    return (
      <img
        className="mt-asset-picker-preview"
        src={url}
        alt=""
        data-testid="asset-picker-preview"
      />
    );
  }
  return (
    <span className="mt-asset-picker-preview" aria-hidden="true">
      {sha256 === null ? '' : failed ? '?' : '…'}
    </span>
  );
}

/** The chosen image's name in the library, kept up to date. */
function AssetName({
  session,
  sha256,
}: {
  readonly session: AssetSession;
  readonly sha256: string;
}) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    const read = () =>
      setName(readLibrary(session).find((asset) => asset.sha256 === sha256)?.name ?? null);
    read();
    return watchLibrary(session, read);
  }, [session, sha256]);
  return <>{name ?? 'An image not in the library'}</>;
}
