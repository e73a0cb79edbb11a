/**
 * Doing what a chat line asks for (parseChatInput.ts): writing a signed post to my own log, with
 * a whisper's text sealed to its readers, and for rolls and commands the intent the GM rules on.
 */
import {
  type Identity,
  type IntentClient,
  readMembers,
  type SealedTextReader,
  sealText,
  signPost,
} from '@meshtable/campaign';
import { type Post, postLogName } from '@meshtable/schema';
import type * as Y from 'yjs';
import { whisperContext } from './chatLog';
import type { ChatAction } from './parseChatInput';

/** What sending needs of the campaign session. */
export interface ChatSession {
  readonly campaignId: string;
  readonly me: Identity;
  readonly table: Y.Doc;
  readonly intents: IntentClient;
}

/** A post to write, before it gets its id, time, seal and signature. */
export interface PostDraft {
  readonly kind: Post['kind'];
  /** Markdown; sealed when `whisperTo` is given. */
  readonly text: string;
  /** Whom to whisper to (I can always read my own); absent for everyone. */
  readonly whisperTo?: readonly string[];
  readonly intentId?: string;
}

/** Options of {@link sendChatAction}. */
export interface SendOptions {
  /** The character a module command speaks as (`actorId` of `chat.command`). */
  readonly actorId?: string;
}

/**
 * Does what a parsed line asks for. `help` and `error` are the caller's to show: nothing is
 * written for them.
 * @throws IntentClientError (a table without dice, a closed client), SealedTextError (a
 *   reader whose key cannot receive a whisper): nothing was posted
 */
export function sendChatAction(
  session: ChatSession,
  action: ChatAction,
  options: SendOptions = {},
): void {
  switch (action.type) {
    case 'message':
    case 'emote':
      writePost(session, { kind: action.type, text: action.text });
      return;
    case 'whisper':
      writePost(session, { kind: 'message', text: action.text, whisperTo: action.to });
      return;
    case 'roll': {
      if (action.toGms) {
        // The label stays out of the intent, which everyone can read: only the post carries it,
        // sealed to the GMs like the card.
        const to = gmIds(session).filter((userId) => userId !== session.me.userId);
        const ticket = session.intents.requestRoll(action.notation);
        writePost(session, {
          kind: 'roll',
          text: action.label ?? '',
          whisperTo: to,
          intentId: ticket.id,
        });
        return;
      }
      const label = action.label === undefined ? {} : { label: action.label };
      const ticket = session.intents.requestRoll(action.notation, label);
      writePost(session, { kind: 'roll', text: action.label ?? '', intentId: ticket.id });
      return;
    }
    case 'command': {
      const payload = {
        name: action.name,
        text: action.text,
        ...(options.actorId === undefined ? {} : { actorId: options.actorId }),
      };
      const ticket = session.intents.request('chat.command', payload);
      const line = `/${action.name}${action.text === '' ? '' : ` ${action.text}`}`;
      // The panel shows a card's text as typed, never as markdown.
      writePost(session, { kind: 'roll', text: line, intentId: ticket.id });
      return;
    }
    case 'help':
    case 'error':
      return;
  }
}

/**
 * Signs a post as me and appends it to my log; a whisper's text is first sealed to its readers
 * and me.
 */
export function writePost(session: ChatSession, draft: PostDraft): Post {
  const { me, table, campaignId } = session;
  const id = `${me.userId}.${randomId()}`;
  const base = { id, author: me.userId, at: Date.now(), kind: draft.kind };
  const extra = draft.intentId === undefined ? {} : { intentId: draft.intentId };
  let unsigned: Omit<Post, 'sig'>;
  if (draft.whisperTo === undefined) {
    unsigned = { ...base, text: draft.text, ...extra };
  } else {
    const sealed = sealText(
      draft.text,
      readersOf(table, [me.userId, ...draft.whisperTo]),
      whisperContext(campaignId, me.userId, id),
    );
    unsigned = { ...base, text: '', whisperTo: [...draft.whisperTo], sealed, ...extra };
  }
  const post = signPost(unsigned, me);
  table.getArray<Post>(postLogName(me.userId)).push([post]);
  return post;
}

/** The user ids of the table's GMs (admitted members with the GM role). */
export function gmIds(session: Pick<ChatSession, 'table'>): string[] {
  return [...readMembers(session.table).values()]
    .filter((member) => member.role === 'gm' && member.status === 'member')
    .map((member) => member.userId);
}

function readersOf(table: Y.Doc, userIds: readonly string[]): SealedTextReader[] {
  const members = readMembers(table);
  return [...new Set(userIds)].map((userId) => {
    const member = members.get(userId);
    if (member === undefined) throw new Error(`${userId} is not at this table.`);
    return { userId, publicKey: member.publicKey };
  });
}

/** 72 random bits as base64url: a post id that two devices of one person will not share. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
