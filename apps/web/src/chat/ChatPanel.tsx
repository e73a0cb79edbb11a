/**
 * The table's chat (docs/chat.md): every member's posts in one log, newest at the bottom, and a
 * composer for messages, emotes, whispers, rolls and the game system's commands. A panel of the
 * campaign screen's dock, like the board's own.
 *
 * Nothing anyone wrote becomes HTML here: messages go through SafeMarkdown (react-markdown, raw
 * HTML shown as text, only safe URLs), and names, captions and roll cards are React text.
 */
import { GmTrust, readMeta } from '@meshtable/campaign';
import { INTENT_LOG_PREFIX, POST_LOG_PREFIX, TABLE_MAPS } from '@meshtable/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInitiallyOpen } from '../board/campaignBoard/useInitiallyOpen';
import type { CampaignSession } from '../campaign/CampaignSession';
import { useCampaignSessionState } from '../campaign/useCampaignSession';
import { ChatComposer } from './ChatComposer';
import { ChatEntryView } from './ChatEntryView';
import { ChatLogReader } from './chatLog';
import { type ChatCommandInfo, CORE_COMMANDS } from './parseChatInput';
import { useDocVersion } from './useDocVersion';
import './chat.css';
import { useShiftShortcut } from '../shortcuts/useShiftShortcut';

/** A line only I see: the answer to /help. */
interface LocalNote {
  readonly key: number;
  readonly commands: readonly ChatCommandInfo[];
  readonly moduleCommands: readonly ChatCommandInfo[];
}

/** The parts of the table doc the chat reads: the logs, receipts, members, meta, characters. */
function chatReads(rootName: string): boolean {
  return (
    rootName.startsWith(POST_LOG_PREFIX) ||
    rootName.startsWith(INTENT_LOG_PREFIX) ||
    CHAT_MAPS.has(rootName)
  );
}

const CHAT_MAPS: ReadonlySet<string> = new Set([
  TABLE_MAPS.receipts,
  TABLE_MAPS.members,
  TABLE_MAPS.meta,
  TABLE_MAPS.actors,
]);

/** The parts the log itself reads: the posts and who the members are. */
function logReads(rootName: string): boolean {
  return rootName.startsWith(POST_LOG_PREFIX) || rootName === TABLE_MAPS.members;
}

/**
 * How many of the latest entries the log draws at first, and how many more each "Show earlier
 * messages" adds. A campaign's chat grows for years (20,000 posts in the cold-open benchmark's
 * campaign): drawing every post's markdown would hold up the page for seconds on every open.
 */
export const CHAT_WINDOW = 200;

/** The chat panel; see the file's comment. */
export function ChatPanel({ session }: { readonly session: CampaignSession }) {
  const open = useInitiallyOpen();
  const state = useCampaignSessionState(session);
  // Two versions: a token moved (an intent) or a receipt written re-reads the cards, not the log.
  const version = useDocVersion(session.table, chatReads);
  const logVersion = useDocVersion(session.table, logReads);
  const reader = useMemo(
    () => new ChatLogReader(session.table, session.me, session.campaignId),
    [session],
  );
  // Receipts count when signed by a GM this device trusts: the roots as first seen, and every
  // GM whose grant chains to them (packages/campaign gmTrust.ts).
  const trust = useMemo(
    () => new GmTrust(session.table, { campaignId: session.campaignId }, () => {}),
    [session],
  );
  const entries = useMemo(() => {
    void logVersion;
    return reader.read();
  }, [reader, logVersion]);
  const { gmKeys, commitment } = useMemo(() => {
    void version;
    let dice: ReturnType<typeof readMeta> = null;
    try {
      dice = readMeta(session.table);
    } catch {
      dice = null; // malformed meta: the session reports it; cards show as not verified
    }
    return { gmKeys: trust.keys(), commitment: dice?.dice ?? undefined };
  }, [trust, session.table, version]);
  const rules = state.system?.loaded ? session.rules : null;
  const moduleCommands = rules?.hooks.includes('command') ? rules.commands : [];
  const moduleRolls = rules === null ? undefined : rules.hooks.includes('roll');

  const [notes, setNotes] = useState<readonly LocalNote[]>([]);
  const panel = useRef<HTMLDetailsElement>(null);
  // Shift+C: to the message box from anywhere on the table (docs/shortcuts.md).
  useShiftShortcut('c', true, () => {
    if (panel.current === null) return;
    panel.current.open = true;
    panel.current.querySelector('textarea')?.focus();
  });
  const [shown, setShown] = useState(CHAT_WINDOW);
  const hidden = Math.max(0, entries.length - shown);
  const logRef = useRef<HTMLDivElement>(null);
  const pinnedToBottom = useRef(true);
  const count = entries.length + notes.length;
  // Follow new lines (and cards that grow when their receipt comes) while the reader is at the
  // bottom; leave them be when they scrolled up to read.
  useEffect(() => {
    const log = logRef.current;
    if (log !== null && pinnedToBottom.current && count + version >= 0) {
      log.scrollTop = log.scrollHeight;
    }
  }, [count, version]);

  return (
    <details ref={panel} className="mt-panel mt-chat-panel" open={open} data-testid="chat-panel">
      <summary>
        Chat
        <span className="mt-panel-summary-note">
          {' '}
          · {entries.length} {entries.length === 1 ? 'message' : 'messages'}
        </span>
      </summary>
      <div
        ref={logRef}
        className="mt-chat-log"
        role="log"
        aria-label="Chat messages"
        aria-live="polite"
        // A scrollable region must be reachable by keyboard to be read.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls
        tabIndex={0}
        data-testid="chat-log"
        onScroll={(event) => {
          const log = event.currentTarget;
          pinnedToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
        }}
      >
        <ol className="mt-chat-list">
          {entries.length === 0 && notes.length === 0 && (
            <li className="mt-hint">No messages yet. Type /help for the commands.</li>
          )}
          {hidden > 0 && (
            <li className="mt-chat-earlier">
              <button
                type="button"
                className="mt-button"
                data-testid="chat-earlier"
                onClick={() => {
                  pinnedToBottom.current = false;
                  setShown((count) => count + CHAT_WINDOW);
                }}
              >
                Show earlier messages ({hidden.toLocaleString()} more)
              </button>
            </li>
          )}
          {entries.slice(hidden).map((entry) => (
            <ChatEntryView
              key={entry.key}
              entry={entry}
              me={session.me.userId}
              table={session.table}
              commitment={commitment}
              gmKeys={gmKeys}
              moduleRolls={moduleRolls}
              version={version}
            />
          ))}
          {notes.map((note) => (
            <li
              key={`note-${note.key}`}
              className="mt-chat-entry mt-chat-note"
              data-testid="chat-help"
            >
              <p className="mt-hint">Only you see this.</p>
              <CommandList title="Commands" commands={note.commands} />
              <CommandList
                title={`${state.system?.id ?? 'Game system'} commands`}
                commands={note.moduleCommands}
                empty="This game system has no chat commands (or its rules are still loading)."
              />
            </li>
          ))}
        </ol>
      </div>
      {state.role === 'gm' || state.role === 'player' ? (
        <ChatComposer
          session={session}
          moduleCommands={moduleCommands}
          isGm={state.role === 'gm'}
          version={version}
          onHelp={() => {
            pinnedToBottom.current = true;
            setNotes((before) => [
              ...before,
              { key: before.length, commands: CORE_COMMANDS, moduleCommands },
            ]);
          }}
          onSent={() => {
            pinnedToBottom.current = true;
          }}
        />
      ) : (
        <p className="mt-hint" data-testid="chat-not-member">
          You can write here once the GM has admitted you to the table.
        </p>
      )}
    </details>
  );
}

function CommandList({
  title,
  commands,
  empty,
}: {
  readonly title: string;
  readonly commands: readonly ChatCommandInfo[];
  readonly empty?: string;
}) {
  return (
    <>
      <p className="mt-chat-note-title">{title}</p>
      {commands.length === 0 ? (
        <p className="mt-hint">{empty}</p>
      ) : (
        <dl className="mt-chat-commands">
          {commands.map((command) => (
            <div key={command.name}>
              <dt>/{command.name}</dt>
              <dd>{command.description}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
