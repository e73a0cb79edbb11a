/**
 * The table's chat as one list: every member's own log (`posts/<userId>`, a Y.Array each) read,
 * checked and merged in time order.
 *
 * What is left out, and why:
 * - an entry that breaks postSchema, or sits in another author's log (it claims to be by someone
 *   whose log it is not in): anyone in the room can append to any log;
 * - a post whose signature does not verify against its author's key, or whose author is not a
 *   member (there is no key to check it with) or not admitted yet. A post without a signature, written before posts
 *   were signed, is shown, marked unsigned;
 * - a whisper that is not to me (nor by me): it is not shown at all. One that is, is opened
 *   with my key; if it does not open, the card says so instead of the text.
 *
 * Signatures and sealed texts are checked once per post and cached: the log is re-read on every
 * change to the table doc, and an evening's chat would otherwise verify hundreds of signatures
 * for each token moved.
 */
import {
  type Identity,
  openSealedText,
  readMembers,
  SealedTextError,
  verifyPostSignature,
} from '@meshtable/campaign';
import { type Member, POST_LOG_PREFIX, type Post, postSchema } from '@meshtable/schema';
import type * as Y from 'yjs';

/** A post checked against its schema, with where it came from. */
export interface LoggedPost {
  readonly post: Post;
  /** The log it is in: `posts/<logOwner>`. */
  readonly logOwner: string;
  /** Its place in that log. */
  readonly index: number;
}

/** A whisper's part of a chat entry. */
export interface ChatWhisper {
  /** Whom it was whispered to (the author aside), by name. */
  readonly to: readonly { readonly userId: string; readonly name: string }[];
  /** Whether the text was encrypted to them (false for whispers from before they were). */
  readonly sealed: boolean;
  /** Why the text could not be read, when it could not. */
  readonly problem: string | null;
}

/** One line of the chat as the panel shows it. */
export interface ChatEntry {
  /** Unique in the log, stable across re-reads (React's key). */
  readonly key: string;
  readonly post: Post;
  readonly authorName: string;
  readonly authorColor: string;
  /** The markdown to show: the post's text, or the whisper's once opened ('' if it would not). */
  readonly text: string;
  /** False for a post from before posts were signed: it may not be by whom it says. */
  readonly signed: boolean;
  readonly whisper: ChatWhisper | null;
}

/**
 * Every valid post of every log of the doc, oldest first (by the author's clock, then by author,
 * then by place in the log, so every device shows the same order).
 */
export function mergePostLogs(table: Y.Doc): LoggedPost[] {
  const posts: LoggedPost[] = [];
  for (const name of table.share.keys()) {
    if (!name.startsWith(POST_LOG_PREFIX)) continue;
    const logOwner = name.slice(POST_LOG_PREFIX.length);
    let entries: unknown[];
    try {
      entries = table.getArray<unknown>(name).toJSON();
    } catch {
      continue; // a root of this name that is not an array: nobody's log
    }
    entries.forEach((entry, index) => {
      const parsed = postSchema.safeParse(entry);
      if (parsed.success && parsed.data.author === logOwner) {
        posts.push({ post: parsed.data, logOwner, index });
      }
    });
  }
  return posts.sort(
    (a, b) => a.post.at - b.post.at || compare(a.logOwner, b.logOwner) || a.index - b.index,
  );
}

/** The context a whisper's text is sealed for: the campaign, the author's log and the post. */
export function whisperContext(campaignId: string, author: string, postId: string): string {
  return `${campaignId}/posts/${author}/${postId}`;
}

/**
 * Reads the chat for one person, caching what it checks. One per open campaign.
 * @example
 * ```ts
 * const reader = new ChatLogReader(session.table, session.me, session.campaignId);
 * const entries = reader.read(); // again after each change
 * ```
 */
export class ChatLogReader {
  readonly #table: Y.Doc;
  readonly #me: Identity;
  readonly #campaignId: string;
  /** Post JSON + the author's key → whether the signature verifies. */
  readonly #verified = new Map<string, boolean>();
  /** Post JSON → the opened text, or why it would not open. */
  readonly #opened = new Map<string, { text: string } | { problem: string }>();

  constructor(table: Y.Doc, me: Identity, campaignId: string) {
    this.#table = table;
    this.#me = me;
    this.#campaignId = campaignId;
  }

  /** The chat as I may see it, oldest first. */
  read(): ChatEntry[] {
    const members = readMembers(this.#table);
    const entries: ChatEntry[] = [];
    for (const logged of mergePostLogs(this.#table)) {
      const entry = this.#entry(logged, members);
      if (entry !== null) entries.push(entry);
    }
    return entries;
  }

  #entry({ post, index }: LoggedPost, members: ReadonlyMap<string, Member>): ChatEntry | null {
    const author = members.get(post.author);
    // Someone still asking to join has not been let in: their posts wait until they are.
    if (author === undefined || author.status === 'pending') return null;
    const json = JSON.stringify(post);
    const signed = post.sig !== undefined;
    if (signed && !this.#verifies(post, json, author.publicKey)) return null;
    const key = `${post.author}/${index}/${post.id}`;
    const base = { key, post, authorName: author.name, authorColor: author.color, signed };
    if (post.whisperTo === undefined) return { ...base, text: post.text, whisper: null };

    const mine = post.author === this.#me.userId || post.whisperTo.includes(this.#me.userId);
    if (!mine) return null;
    const to = post.whisperTo
      .filter((userId) => userId !== post.author)
      .map((userId) => ({ userId, name: members.get(userId)?.name ?? 'someone who left' }));
    if (post.sealed === undefined) {
      return { ...base, text: post.text, whisper: { to, sealed: false, problem: null } };
    }
    const opened = this.#open(post, json);
    return 'text' in opened
      ? { ...base, text: opened.text, whisper: { to, sealed: true, problem: null } }
      : { ...base, text: '', whisper: { to, sealed: true, problem: opened.problem } };
  }

  #verifies(post: Post, json: string, publicKey: string): boolean {
    const key = `${publicKey}:${json}`;
    let verified = this.#verified.get(key);
    if (verified === undefined) {
      verified = verifyPostSignature(post, publicKey);
      this.#verified.set(key, verified);
    }
    return verified;
  }

  #open(post: Post, json: string): { text: string } | { problem: string } {
    let opened = this.#opened.get(json);
    if (opened === undefined) {
      try {
        const context = whisperContext(this.#campaignId, post.author, post.id);
        opened = { text: openSealedText(post.sealed, this.#me, context) };
      } catch (error) {
        if (!(error instanceof SealedTextError)) throw error;
        opened = { problem: `${error.message} (${error.code})` };
      }
      this.#opened.set(json, opened);
    }
    return opened;
  }
}

/** Code-unit order, the same on every device. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
