import { exportIdentity, type Identity } from '@meshtable/campaign';
import type { IdentityStore } from '@meshtable/campaign/browser';
import { useEffect, useId, useRef, useState } from 'react';
import { downloadBlob } from './files/downloadBlob';
import { identityFileName, readIdentityFile, replaceDeviceIdentity } from './files/replaceIdentity';

type ImportState =
  | { readonly status: 'idle' }
  | { readonly status: 'confirm'; readonly identity: Identity }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'done'; readonly name: string };

/**
 * "Your identity" in the lobby: who this device is, "Export my key" (the identity file, secret
 * key included, as the note beside the button says) and "Import a key", which replaces this
 * device's identity with the one in a file once the person confirms.
 */
export function IdentityKeys({
  store,
  identity,
  onChanged,
}: {
  readonly store: IdentityStore;
  readonly identity: Identity | null;
  /** Told once the device's identity was replaced. */
  readonly onChanged: () => void;
}) {
  const id = useId();
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The question appears below the file input: the keyboard's focus goes to its answer.
  useEffect(() => {
    if (state.status === 'confirm') confirmButton.current?.focus();
  }, [state.status]);

  const pick = async (file: File) => {
    try {
      setState({ status: 'confirm', identity: await readIdentityFile(file) });
    } catch (error) {
      const coded = error as { code?: unknown; message: string };
      const code = typeof coded.code === 'string' ? `${coded.code}: ` : '';
      setState({ status: 'failed', message: `${code}${coded.message}` });
    }
  };
  const replace = async (next: Identity) => {
    try {
      await replaceDeviceIdentity(store, next);
      setState({ status: 'done', name: next.name });
      onChanged();
    } catch (error) {
      setState({
        status: 'failed',
        message: `The identity was not replaced: ${(error as Error).message}`,
      });
    }
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="identity-section">
      <h2 id={`${id}-title`}>Your identity</h2>
      {identity === null ? (
        <p className="mt-hint" data-testid="device-identity-none">
          This device does not know you yet: you give your name when you create or join a campaign,
          or import your key from another device.
        </p>
      ) : (
        <p className="mt-hint" data-testid="device-identity" data-user-id={identity.userId}>
          <span className="mt-swatch" style={{ background: identity.color }} />
          You are {identity.name} on this device.
        </p>
      )}
      <div className="mt-form">
        {identity !== null && (
          <div className="mt-key-row">
            <button
              type="button"
              className="mt-button"
              data-testid="export-identity"
              aria-describedby={`${id}-secret`}
              onClick={() =>
                downloadBlob(
                  new Blob([exportIdentity(identity)], { type: 'application/json' }),
                  identityFileName(identity),
                )
              }
            >
              Export my key
            </button>
            <span id={`${id}-secret`} className="mt-hint">
              The file holds your secret key: whoever has it can act as you at every table. Keep it
              private; import it to use this identity on another device.
            </span>
          </div>
        )}
        <label className="mt-field" htmlFor={`${id}-file`}>
          <span>Import a key (identity file)</span>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            data-testid="import-identity-file"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (file !== undefined) void pick(file);
            }}
          />
        </label>
        {state.status === 'confirm' && (
          <div className="mt-confirm" data-testid="identity-import-confirm">
            <p id={`${id}-confirm`}>
              {identity === null
                ? `Use the identity of ${state.identity.name} on this device?`
                : identity.userId === state.identity.userId
                  ? `This is your identity already (${identity.name}). Store it again?`
                  : `Replace ${identity.name} with ${state.identity.name} on this device? Campaigns this device joined as ${identity.name} open again only with ${identity.name}’s key: export it first if you have no copy.`}
            </p>
            <div className="mt-key-row">
              <button
                ref={confirmButton}
                aria-describedby={`${id}-confirm`}
                type="button"
                className="mt-button mt-primary"
                data-testid="confirm-identity-import"
                onClick={() => void replace(state.identity)}
              >
                {identity === null ? 'Use this identity' : 'Replace my identity'}
              </button>
              <button
                type="button"
                className="mt-button"
                data-testid="cancel-identity-import"
                onClick={() => setState({ status: 'idle' })}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
        {state.status === 'failed' && (
          <p className="mt-error" role="alert" data-testid="identity-import-problem">
            Nothing was changed. {state.message}
          </p>
        )}
        {state.status === 'done' && (
          <p className="mt-hint" role="status" data-testid="identity-import-done">
            You are {state.name} on this device now.
          </p>
        )}
      </div>
    </section>
  );
}
