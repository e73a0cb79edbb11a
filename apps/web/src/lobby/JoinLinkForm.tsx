import { parseInviteLink } from '@meshtable/campaign';
import { useId, useState } from 'react';

/** "Join with a link": paste an invite a GM sent, and open it here. */
export function JoinLinkForm() {
  const id = useId();
  const [link, setLink] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Join with a link</h2>
      <form
        className="mt-form"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseInviteLink(link);
          if (!parsed.ok) {
            setProblem(parsed.message);
            return;
          }
          // Opened on this app, whatever address the link was made on: its fragment holds
          // everything (parseInviteLink has read it as `#/join/…`).
          const text = link.trim();
          window.location.hash = text.slice(text.indexOf('#'));
        }}
      >
        <label className="mt-field" htmlFor={`${id}-link`}>
          <span>Invite link</span>
          <input
            id={`${id}-link`}
            data-testid="join-link-input"
            value={link}
            placeholder="https://…/#/join/…"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={problem === null ? undefined : `${id}-problem`}
            onChange={(event) => {
              setLink(event.target.value);
              setProblem(null);
            }}
          />
        </label>
        {problem !== null && (
          <p className="mt-error" role="alert" id={`${id}-problem`} data-testid="join-link-problem">
            {problem}
          </p>
        )}
        <div>
          <button type="submit" className="mt-button" data-testid="join-link-open">
            Open invite
          </button>
        </div>
      </form>
    </section>
  );
}
