import { useId, useState } from 'react';
import { copyText } from '../board/copyText';

/**
 * The invite link, shown whole (so it can be copied by hand or checked) with a copy button. The
 * link's key is in its fragment, which browsers never send to a server.
 */
export function CopyLink({ link }: { readonly link: string }) {
  const id = useId();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
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
      {status === 'failed' && (
        <p className="mt-error" role="alert">
          The clipboard is not available here: select the link and copy it.
        </p>
      )}
    </div>
  );
}
