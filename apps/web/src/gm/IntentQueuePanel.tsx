import { decideHeldIntent, IntentPolicyError, setIntentPolicy } from '@meshtable/campaign';
import { type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import type { IntentQueue, QueueItem } from './intentQueue';
import { useIntentQueue } from './useIntentQueue';
import './queue.css';

/**
 * The intent queue (docs/gm-queue.md), a panel of the campaign screen's dock. For a GM: the
 * intents that wait for them first, each with Approve and Reject (with a reason), then those not
 * ruled yet and the recent rulings with their outcome, and a policy per intent kind. For a
 * player: their own requests, the same way, so that they see which wait for the GM and why one
 * was rejected.
 */
export function IntentQueuePanel({ session }: { readonly session: CampaignSession }) {
  const state = useCampaignSessionState(session);
  const gm = state.role === 'gm' ? session.gm : null;
  const queue = useIntentQueue(session.table, gm, gm === null ? session.me.userId : undefined);
  const initiallyOpen = useInitiallyOpen();
  const asking = queue.asking.length;
  const title = gm === null ? 'My requests' : 'Intent queue';
  return (
    <details
      className="mt-panel mt-queue-panel"
      data-testid="queue-panel"
      data-view={gm === null ? 'player' : 'gm'}
      open={initiallyOpen || (gm !== null && asking > 0)}
    >
      <summary>
        {title}
        {asking > 0 && (
          <span className="mt-panel-summary-note" data-testid="queue-summary-asking">
            {' '}
            · {asking} waiting for {gm === null ? 'the GM' : 'you'}
          </span>
        )}
      </summary>
      {gm === null ? (
        <PlayerQueue queue={queue} />
      ) : (
        <GmQueue queue={queue} gm={gm} userId={session.me.userId} />
      )}
    </details>
  );
}

function GmQueue({
  queue,
  gm,
  userId,
}: {
  readonly queue: IntentQueue;
  readonly gm: Y.Doc;
  readonly userId: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = (action: () => void) => {
    try {
      action();
      setProblem(null);
    } catch (error) {
      if (!(error instanceof IntentPolicyError)) throw error;
      setProblem(error.message);
    }
  };
  return (
    <>
      <section aria-labelledby="queue-asking-title">
        <h2 id="queue-asking-title" className="mt-queue-heading">
          Waiting for you
        </h2>
        {queue.asking.length === 0 ? (
          <p className="mt-hint" data-testid="queue-asking-none">
            Nothing waits for you.
          </p>
        ) : (
          <ul className="mt-queue-list" data-testid="queue-asking">
            {queue.asking.map((item) => (
              <AskingRow
                key={item.id}
                item={item}
                onApprove={() =>
                  attempt(() =>
                    decideHeldIntent(
                      gm,
                      { intentId: item.id, sig: item.sig },
                      { verdict: 'approve' },
                      userId,
                    ),
                  )
                }
                onReject={(reason) =>
                  attempt(() =>
                    decideHeldIntent(
                      gm,
                      { intentId: item.id, sig: item.sig },
                      { verdict: 'reject', reason },
                      userId,
                    ),
                  )
                }
              />
            ))}
          </ul>
        )}
        {problem !== null && (
          <p className="mt-error" role="alert" data-testid="queue-problem">
            {problem}
          </p>
        )}
      </section>
      <ItemsSection
        id="queue-pending-title"
        title="Not ruled yet"
        empty="Every intent is ruled."
        items={queue.pending}
        testId="queue-pending"
      />
      <ItemsSection
        id="queue-recent-title"
        title="Recent"
        empty="No rulings yet."
        items={queue.recent}
        testId="queue-recent"
      />
      <fieldset className="mt-queue-policies" data-testid="queue-policies">
        <legend>Ask me before ruling</legend>
        {queue.kinds.map((kind) => (
          <label key={kind} className="mt-check">
            <input
              type="checkbox"
              data-testid="queue-policy"
              data-kind={kind}
              checked={queue.policies.get(kind) === 'ask'}
              onChange={(event) =>
                attempt(() => setIntentPolicy(gm, kind, event.target.checked ? 'ask' : 'auto'))
              }
            />
            <code>{kind}</code>
          </label>
        ))}
        <p className="mt-hint">Unticked kinds are ruled at once by the game system's rules.</p>
      </fieldset>
    </>
  );
}

function PlayerQueue({ queue }: { readonly queue: IntentQueue }) {
  return (
    <>
      <ItemsSection
        id="queue-asking-title"
        title="Waiting for the GM"
        empty="Nothing waits for the GM."
        items={queue.asking}
        testId="queue-asking"
      />
      <ItemsSection
        id="queue-pending-title"
        title="Not ruled yet"
        empty="Every request is ruled."
        items={queue.pending}
        testId="queue-pending"
      />
      <ItemsSection
        id="queue-recent-title"
        title="Recent"
        empty="No requests yet."
        items={queue.recent}
        testId="queue-recent"
      />
    </>
  );
}

function ItemsSection({
  id,
  title,
  empty,
  items,
  testId,
}: {
  readonly id: string;
  readonly title: string;
  readonly empty: string;
  readonly items: readonly QueueItem[];
  readonly testId: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mt-queue-heading">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="mt-hint">{empty}</p>
      ) : (
        <ul className="mt-queue-list" data-testid={testId}>
          {items.map((item) => (
            <li key={item.id} className="mt-queue-item" {...itemAttributes(item)}>
              <ItemText item={item} />
              <Outcome item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AskingRow({
  item,
  onApprove,
  onReject,
}: {
  readonly item: QueueItem;
  readonly onApprove: () => void;
  readonly onReject: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const what = `${item.authorName}'s ${item.kind} (${item.summary})`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onReject(reason);
  };
  return (
    <li className="mt-queue-item" {...itemAttributes(item)}>
      <ItemText item={item} />
      <div className="mt-panel-actions">
        <button
          type="button"
          className="mt-button"
          data-testid="queue-approve"
          aria-label={`Approve ${what}`}
          onClick={onApprove}
        >
          Approve
        </button>
      </div>
      <form className="mt-inline-form mt-queue-reject" onSubmit={submit}>
        <label>
          <input
            type="text"
            data-testid="queue-reason"
            aria-label={`Reason for rejecting ${what}`}
            placeholder="Reason"
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="mt-button"
          data-testid="queue-reject"
          aria-label={`Reject ${what}`}
        >
          Reject
        </button>
      </form>
    </li>
  );
}

function ItemText({ item }: { readonly item: QueueItem }) {
  return (
    <p className="mt-queue-text">
      <strong>{item.authorName}</strong> <code className="mt-queue-kind">{item.kind}</code>{' '}
      <span data-testid="queue-summary">{item.summary}</span>
    </p>
  );
}

const STATE_LABEL = {
  asking: 'waiting for the GM',
  pending: 'not ruled yet',
  applied: 'applied',
  rejected: 'rejected',
} as const;

function Outcome({ item }: { readonly item: QueueItem }) {
  if (item.state === 'decided')
    return (
      <p className="mt-hint" data-testid="queue-outcome">
        {item.decision === 'approve' ? 'Approved' : `Rejected: ${item.reason ?? ''}`}; on its way to
        the device that runs the table.
      </p>
    );
  return (
    <p className={`mt-queue-outcome mt-queue-${item.state}`} data-testid="queue-outcome">
      <span className="mt-tag">{STATE_LABEL[item.state]}</span>
      {item.result !== undefined && <span data-testid="queue-result"> {item.result}</span>}
      {item.reason !== undefined && <span data-testid="queue-reason-text"> {item.reason}</span>}
    </p>
  );
}

function itemAttributes(item: QueueItem) {
  return {
    'data-testid': 'queue-item',
    'data-intent-id': item.id,
    'data-kind': item.kind,
    'data-state': item.state,
  };
}
