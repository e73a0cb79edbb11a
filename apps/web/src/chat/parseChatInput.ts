/**
 * What a line typed in the chat asks for (docs/chat.md lists the commands): a message, an emote
 * (`/me`), a roll (`/r`, `/roll`, `/gmroll`), a whisper (`/w`), the list of commands (`/help`),
 * or a game system's command (`/attack`). Pure: it reads the members and the module's commands
 * it is given and does nothing; a mistake comes back as an error to show, and nothing is posted.
 */
import { splitRollText } from '@meshtable/campaign';

/** A member as the parser needs one. */
export interface ChatMember {
  readonly userId: string;
  readonly name: string;
  readonly role: 'gm' | 'player';
}

/** A game system's chat command (RulesHost `commands`). */
export interface ChatCommandInfo {
  readonly name: string;
  readonly description: string;
}

/** What the parser reads besides the line. */
export interface ChatInputContext {
  /** The table's admitted members (pending, gone and kicked ones left out), me included. */
  readonly members: readonly ChatMember[];
  /** My user id. */
  readonly me: string;
  /** The game system's commands; empty when it has none or is not loaded. */
  readonly commands: readonly ChatCommandInfo[];
}

/** What a line asks for. */
export type ChatAction =
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'emote'; readonly text: string }
  | {
      readonly type: 'roll';
      readonly notation: string;
      readonly label?: string;
      /** `/gmroll`: the card is whispered to the GMs. */
      readonly toGms: boolean;
    }
  | { readonly type: 'whisper'; readonly to: readonly string[]; readonly text: string }
  | { readonly type: 'help' }
  | { readonly type: 'command'; readonly name: string; readonly text: string }
  | { readonly type: 'error'; readonly message: string };

/** The longest message, as postSchema allows. */
export const MAX_CHAT_TEXT = 10_000;

/** The commands every table has, for `/help`. */
export const CORE_COMMANDS: readonly ChatCommandInfo[] = [
  { name: 'r', description: 'Roll dice for everyone to see: /r 2d6+1 [label]' },
  { name: 'roll', description: 'The same as /r' },
  { name: 'gmroll', description: 'Roll dice only you and the GMs see: /gmroll 1d20 [label]' },
  { name: 'me', description: 'Say what your character does: /me draws her sword' },
  {
    name: 'w',
    description:
      'Whisper, encrypted to them: /w Ann,Bob text (a name with spaces in "quotes"; gm for the GMs)',
  },
  { name: 'help', description: 'List the commands' },
];

const COMMAND = /^\/([a-z][a-z0-9-]{0,31})(?:\s+([\s\S]*))?$/i;

/**
 * Reads one line of the composer.
 * @example parseChatInput('/r 1d20+5 Perception', context) // { type: 'roll', notation: '1d20+5', label: 'Perception', toGms: false }
 */
export function parseChatInput(input: string, context: ChatInputContext): ChatAction {
  const line = input.trim();
  if (line === '') return error('Type a message first.');
  if (line.length > MAX_CHAT_TEXT) {
    return error(`A message is at most ${MAX_CHAT_TEXT.toLocaleString('en')} characters.`);
  }
  // `//text` posts a message that starts with a slash; a lone `/` or `/ text` is a message too.
  if (line.startsWith('//')) return { type: 'message', text: line.slice(1) };
  if (!line.startsWith('/') || /^\/(\s|$)/.test(line)) return { type: 'message', text: line };

  const match = COMMAND.exec(line);
  if (match === null)
    return error(`"${line.split(/\s/)[0]}" is not a command. Type /help for the commands.`);
  const name = (match[1] as string).toLowerCase();
  const rest = (match[2] ?? '').trim();
  switch (name) {
    case 'r':
    case 'roll':
    case 'gmroll': {
      const rolled = splitRollText(rest);
      if (!rolled.ok) return error(rolled.message);
      const toGms = name === 'gmroll';
      if (toGms && !context.members.some((member) => member.role === 'gm')) {
        return error('This table has no GM to roll to.');
      }
      return {
        type: 'roll',
        notation: rolled.notation,
        ...(rolled.label === undefined ? {} : { label: rolled.label }),
        toGms,
      };
    }
    case 'me':
      return rest === ''
        ? error('Say what you do: /me draws her sword')
        : { type: 'emote', text: rest };
    case 'w':
    case 'whisper':
      return parseWhisper(rest, context);
    case 'help':
      return { type: 'help' };
    default:
      if (context.commands.some((command) => command.name === name)) {
        return { type: 'command', name, text: rest };
      }
      return error(`There is no /${name} command here. Type /help for the commands.`);
  }
}

/** `/w <names> <text>`: names separated by commas, a name with spaces in quotes. */
function parseWhisper(rest: string, context: ChatInputContext): ChatAction {
  const usage = 'Whisper like this: /w Ann,Bob text (or /w "Ann Lee" text, /w gm text)';
  const split = splitNames(rest);
  if (split === null || split.names.length === 0 || split.text === '') return error(usage);
  const to = new Set<string>();
  for (const name of split.names) {
    const found = membersNamed(name, context);
    if (typeof found === 'string') return error(found);
    for (const userId of found) if (userId !== context.me) to.add(userId);
  }
  if (to.size === 0) return error('Whisper to someone other than yourself.');
  return { type: 'whisper', to: [...to], text: split.text };
}

/** The names before the text: `Ann,Bob`, `"Ann Lee",Bob`; null when a quote is not closed. */
function splitNames(rest: string): { names: string[]; text: string } | null {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    if (rest[at] === '"') {
      const end = rest.indexOf('"', at + 1);
      if (end === -1) return null;
      names.push(rest.slice(at + 1, end).trim());
      at = end + 1;
    } else {
      const word = /^[^\s,"]+/.exec(rest.slice(at));
      if (word === null) return null;
      names.push(word[0]);
      at += word[0].length;
    }
    if (rest[at] !== ',') break;
    at++;
  }
  if (at < rest.length && !/\s/.test(rest[at] as string)) return null;
  return { names: names.filter((name) => name !== ''), text: rest.slice(at).trim() };
}

/** The members a name stands for (`gm`/`gms`: every GM), or why none. */
function membersNamed(name: string, context: ChatInputContext): string[] | string {
  const wanted = name.toLocaleLowerCase();
  const exact = context.members.filter((member) => member.name.toLocaleLowerCase() === wanted);
  if (exact.length === 1) return [(exact[0] as ChatMember).userId];
  if (exact.length > 1) {
    return `${exact.length} members are called "${name}": ask the GM to rename one.`;
  }
  if (wanted === 'gm' || wanted === 'gms') {
    const gms = context.members.filter((member) => member.role === 'gm');
    return gms.length > 0 ? gms.map((member) => member.userId) : 'This table has no GM.';
  }
  return `Nobody at this table is called "${name}".`;
}

function error(message: string): ChatAction {
  return { type: 'error', message };
}
