import { useState } from 'react';
import { admitMember } from '../campaign/admitMember';
import type { CampaignSession } from '../campaign/CampaignSession';
import { usePendingMembers } from './useMembers';

/**
 * For GMs: who asked to join, each with an Admit button. Admitting writes the member record,
 * which only the device that runs the table (the validating GM peer) may write.
 */
export function PendingMembers({ session }: { readonly session: CampaignSession }) {
  const pending = usePendingMembers(session.table);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">Asking to join</h2>
      {pending.length === 0 ? (
        <p className="mt-hint" data-testid="pending-none">
          Nobody is waiting. Send the invite link to your players.
        </p>
      ) : (
        <ul className="mt-list" data-testid="pending-members">
          {pending.map((member) => (
            <li key={member.userId} data-testid="pending-member" data-user-id={member.userId}>
              <span>
                <span className="mt-swatch" style={{ background: member.color }} />
                {member.name}
              </span>
              <button
                type="button"
                className="mt-button"
                data-testid="admit-member"
                aria-label={`Admit ${member.name}`}
                onClick={() => {
                  const written = session.writeAsGm((table) => admitMember(table, member.userId));
                  setProblem(
                    written
                      ? null
                      : 'Only the GM device that runs the table can admit players right now: admit them there.',
                  );
                }}
              >
                Admit
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem !== null && (
        <p className="mt-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
