import { useId, useState } from 'react';
import { copyText } from '../board/copyText';
import { InviteQr } from './InviteQr';

/**
 * The invite link, shown whole (so it can be copied by hand or checked) with a copy button and
 * a QR code to scan from a phone at the same table. The link's key is in its fragment, which
 * browsers never send to a server.
 */
export function CopyLink({ link }: { readonly link: string }) {
  const id = useId();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [showQr, setShowQr] = useState(false);
  const qrId = useId();
  return (
    <div className="mt-link-box">
      <input
        id={id}
        readOnly
        value={link}
        aria-label="Invite link"
        data-testid="invite-link-text"
        onFocus={(event) => event.currentTarget.select()}
      />
      <button
        type="button"
        className="mt-button"
        data-testid="invite-link"
        data-link={link}
        onClick={async () => setStatus((await copyText(link)) ? 'copied' : 'failed')}
      >
        {status === 'copied' ? 'Link copied' : 'Copy invite link'}
      </button>
      <button
        type="button"
        className="mt-button"
        data-testid="invite-qr-toggle"
        aria-expanded={showQr}
        aria-controls={qrId}
        onClick={() => setShowQr((shown) => !shown)}
      >
        {showQr ? 'Hide QR code' : 'Show QR code'}
      </button>
      {showQr && (
        <div id={qrId} className="mt-invite-qr-box">
          <InviteQr link={link} />
        </div>
      )}
      {status === 'failed' && (
        <p className="mt-error" role="alert">
          The clipboard is not available here: select the link and copy it.
        </p>
      )}
    </div>
  );
}
