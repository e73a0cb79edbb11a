/**
 * One line of the chat: who (their name as text, by a dot of their colour), to whom when whispered, and
 * what: a message or emote as sanitized markdown, or a roll card.
 */
import type { DiceCommitment, GmKeys } from '@meshtable/schema';
import type * as Y from 'yjs';
import { SafeMarkdown } from '../markdown/SafeMarkdown';
import type { ChatEntry } from './chatLog';
import { RollCardView } from './RollCardView';

/** Props of {@link ChatEntryView}. */
export interface ChatEntryViewProps {
  readonly entry: ChatEntry;
  /** My user id: my own lines are marked. */
  readonly me: string;
  readonly table: Y.Doc;
  readonly commitment: DiceCommitment | undefined;
  readonly gmKeys: Readonly<GmKeys> | null;
  readonly moduleRolls: boolean | undefined;
  readonly version: number;
}

/** One chat line; see the file's comment. */
export function ChatEntryView(props: ChatEntryViewProps) {
  const { entry, me } = props;
  const { post, whisper } = entry;
  const time = new Date(post.at);
  const author = (
    <span className="mt-chat-author">
      <span
        className="mt-chat-swatch"
        style={{ background: entry.authorColor }}
        aria-hidden="true"
      />
      {entry.authorName}
    </span>
  );
  return (
    <li
      className={`mt-chat-entry mt-chat-${post.kind}${whisper === null ? '' : ' mt-chat-whisper'}${post.author === me ? ' mt-chat-mine' : ''}`}
      data-testid="chat-entry"
      data-kind={post.kind}
      data-author={post.author}
      data-whisper={whisper !== null}
    >
      <div className="mt-chat-meta">
        {post.kind !== 'emote' && author}
        {whisper !== null && (
          <span className="mt-chat-whisper-to" data-testid="chat-whisper-to">
            {' whispers to '}
            {whisper.to.length === 0 ? 'the GMs' : whisper.to.map((to) => to.name).join(', ')}
            <span className="mt-chat-sealed">
              {whisper.sealed ? ' · encrypted' : ' · not encrypted (an old whisper)'}
            </span>
          </span>
        )}
        {!entry.signed && (
          <span
            className="mt-chat-unsigned"
            title="Written before posts were signed: it may not be by whom it says"
          >
            {' '}
            · unsigned
          </span>
        )}
        <time className="mt-chat-time" dateTime={time.toISOString()}>
          {time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
        </time>
      </div>
      {whisper?.problem != null && (
        <p className="mt-error" data-testid="chat-whisper-problem">
          This whisper cannot be read: {whisper.problem}
        </p>
      )}
      <EntryBody {...props} author={author} />
    </li>
  );
}

function EntryBody(props: ChatEntryViewProps & { readonly author: React.ReactNode }) {
  const { entry, author } = props;
  const { post } = entry;
  if (post.kind === 'roll' && post.intentId !== undefined) {
    return (
      <RollCardView
        table={props.table}
        author={post.author}
        intentId={post.intentId}
        caption={entry.text}
        commitment={props.commitment}
        gmKeys={props.gmKeys}
        moduleRolls={props.moduleRolls}
        version={props.version}
      />
    );
  }
  if (post.kind === 'emote') {
    return (
      <div className="mt-chat-emote-line" data-testid="chat-text">
        {author} <SafeMarkdown text={entry.text} className="mt-chat-text mt-chat-inline" />
      </div>
    );
  }
  return <SafeMarkdown text={entry.text} className="mt-chat-text" />;
}
