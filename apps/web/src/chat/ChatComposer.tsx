/**
 * Where chat lines are typed: Enter sends, Shift+Enter starts a new line. A line that cannot be
 * sent (an unknown command, a bad notation, a whisper to a stranger) is kept, with the reason
 * shown under it, and nothing is posted.
 */

import { fromYValue, readMembers } from '@meshtable/campaign';
import { actorSchema, TABLE_MAPS } from '@meshtable/schema';
import { type FormEvent, type KeyboardEvent, useId, useMemo, useState } from 'react';
import type { CampaignSession } from '../campaign/CampaignSession';
import { type ChatCommandInfo, parseChatInput } from './parseChatInput';
import { sendChatAction } from './sendChat';

/** Props of {@link ChatComposer}. */
export interface ChatComposerProps {
  readonly session: CampaignSession;
  readonly moduleCommands: readonly ChatCommandInfo[];
  readonly isGm: boolean;
  /** Changes with the table doc: members and characters are read again. */
  readonly version: number;
  /** Shows the list of commands (`/help`). */
  readonly onHelp: () => void;
  readonly onSent: () => void;
}

/** The composer; see the file's comment. */
export function ChatComposer(props: ChatComposerProps) {
  const { session, moduleCommands, isGm, version } = props;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [actorId, setActorId] = useState('');
  const errorId = useId();
  const { members, actors } = useMemo(() => {
    void version;
    const members = [...readMembers(session.table).values()]
      .filter((member) => member.status === 'member')
      .map(({ userId, name, role }) => ({ userId, name, role }));
    const actors: { id: string; name: string }[] = [];
    for (const stored of session.table.getMap<unknown>(TABLE_MAPS.actors).values()) {
      const actor = actorSchema.safeParse(fromYValue(stored));
      if (actor.success && (isGm || actor.data.owners.includes(session.me.userId))) {
        actors.push({ id: actor.data.id, name: actor.data.name });
      }
    }
    actors.sort((a, b) => a.name.localeCompare(b.name));
    return { members, actors };
  }, [session, isGm, version]);
  const speakAs = actors.some((actor) => actor.id === actorId) ? actorId : '';

  const send = () => {
    const action = parseChatInput(text, {
      members,
      me: session.me.userId,
      commands: moduleCommands,
    });
    if (action.type === 'error') {
      setProblem(action.message);
      return;
    }
    try {
      if (action.type === 'help') props.onHelp();
      else sendChatAction(session, action, speakAs === '' ? {} : { actorId: speakAs });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    setText('');
    setProblem(null);
    props.onSent();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; Enter while an IME composes a word is the IME's.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  return (
    <form className="mt-chat-composer" onSubmit={onSubmit} data-testid="chat-composer">
      {moduleCommands.length > 0 && actors.length > 0 && (
        <label className="mt-chat-speak-as">
          <span>Speak as</span>
          <select
            value={speakAs}
            onChange={(event) => setActorId(event.target.value)}
            data-testid="chat-speak-as"
          >
            <option value="">Yourself</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="mt-chat-input-row">
        <textarea
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (problem !== null) setProblem(null);
          }}
          onKeyDown={onKeyDown}
          rows={2}
          aria-label="Chat message, or a command such as /r 2d6 (Enter sends, Shift+Enter adds a line)"
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : errorId}
          placeholder="Message, /r 2d6+1, /w Name text, /help"
          data-testid="chat-input"
        />
        <button type="submit" className="mt-button" data-testid="chat-send">
          Send
        </button>
      </div>
      {problem !== null && (
        <p id={errorId} className="mt-error" role="alert" data-testid="chat-error">
          {problem}
        </p>
      )}
    </form>
  );
}
