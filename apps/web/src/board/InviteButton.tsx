import { useState } from 'react';
import { inviteLink } from '../routing/route';
import { copyText } from './copyText';

type CopyStatus = 'idle' | 'copied' | 'failed';

/**
 * "Copy invite link": the board's link with its key in the fragment, which browsers never send
 * to a server. If the clipboard is unavailable the link is shown for copying by hand.
 */
export function InviteButton({
  room,
  tableKey,
}: {
  readonly room: string;
  readonly tableKey: string;
}) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const link = inviteLink(window.location, room, tableKey);
  return (
    <span className="mt-invite">
      <button
        type="button"
        className="mt-button"
        data-testid="invite-link"
        data-link={link}
        onClick={async () => {
          setStatus((await copyText(link)) ? 'copied' : 'failed');
        }}
      >
        {status === 'copied' ? 'Link copied' : 'Copy invite link'}
      </button>
      {status === 'failed' && (
        <input
          className="mt-invite-fallback"
          readOnly
          value={link}
          aria-label="Invite link"
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
    </span>
  );
}
