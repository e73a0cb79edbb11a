import { describe, expect, it } from 'vitest';
import { type ChatInputContext, parseChatInput } from './parseChatInput';

const context: ChatInputContext = {
  me: 'ann',
  members: [
    { userId: 'gemma', name: 'Gemma', role: 'gm' },
    { userId: 'ann', name: 'Ann', role: 'player' },
    { userId: 'bob', name: 'Bob', role: 'player' },
    { userId: 'lee', name: 'Ann Lee', role: 'player' },
  ],
  commands: [{ name: 'attack', description: 'Attack: /attack <target>' }],
};

const parse = (line: string) => parseChatInput(line, context);

describe('parseChatInput', () => {
  it('reads plain text, markdown and all, as a message', () => {
    expect(parse('  Hello **there**  ')).toEqual({ type: 'message', text: 'Hello **there**' });
    expect(parse('line one\nline two')).toEqual({ type: 'message', text: 'line one\nline two' });
    expect(parse('//r is how you roll')).toEqual({ type: 'message', text: '/r is how you roll' });
    expect(parse('/ shrugs')).toEqual({ type: 'message', text: '/ shrugs' });
  });

  it('reads rolls, their labels, and rolls to the GMs', () => {
    expect(parse('/r 2d6+1')).toEqual({ type: 'roll', notation: '2d6+1', toGms: false });
    expect(parse('/roll 1d20+5 Perception')).toEqual({
      type: 'roll',
      notation: '1d20+5',
      label: 'Perception',
      toGms: false,
    });
    expect(parse('/GMROLL 1d20 Insight')).toEqual({
      type: 'roll',
      notation: '1d20',
      label: 'Insight',
      toGms: true,
    });
  });

  it('refuses a roll without dice or with a bad notation', () => {
    expect(parse('/r')).toMatchObject({ type: 'error', message: /Say what to roll/ });
    expect(parse('/r 2d6+')).toMatchObject({ type: 'error', message: /not a dice notation/ });
  });

  it('reads an emote', () => {
    expect(parse('/me draws her sword')).toEqual({ type: 'emote', text: 'draws her sword' });
    expect(parse('/me')).toMatchObject({ type: 'error' });
  });

  it('reads whispers to one, several, quoted names and the GMs', () => {
    expect(parse('/w Gemma I found a key')).toEqual({
      type: 'whisper',
      to: ['gemma'],
      text: 'I found a key',
    });
    expect(parse('/w bob,gemma meet me')).toEqual({
      type: 'whisper',
      to: ['bob', 'gemma'],
      text: 'meet me',
    });
    expect(parse('/w "Ann Lee",Bob psst')).toEqual({
      type: 'whisper',
      to: ['lee', 'bob'],
      text: 'psst',
    });
    expect(parse('/w gm a secret')).toEqual({ type: 'whisper', to: ['gemma'], text: 'a secret' });
  });

  it('refuses whispers to nobody, to strangers, to myself, or without text', () => {
    expect(parse('/w Zed hi')).toMatchObject({ type: 'error', message: /Nobody .* "Zed"/ });
    expect(parse('/w Ann hi')).toMatchObject({ type: 'error', message: /other than yourself/ });
    expect(parse('/w Bob')).toMatchObject({ type: 'error', message: /Whisper like this/ });
    expect(parse('/w "Ann Lee hi')).toMatchObject({ type: 'error', message: /Whisper like this/ });
  });

  it('reads help and the game system’s commands, and refuses unknown ones', () => {
    expect(parse('/help')).toEqual({ type: 'help' });
    expect(parse('/attack goblin-1')).toEqual({
      type: 'command',
      name: 'attack',
      text: 'goblin-1',
    });
    expect(parse('/fireball the orcs')).toMatchObject({
      type: 'error',
      message: 'There is no /fireball command here. Type /help for the commands.',
    });
    expect(parse('/<script>')).toMatchObject({ type: 'error', message: /is not a command/ });
  });

  it('refuses an empty line and one over the size limit', () => {
    expect(parse('   ')).toMatchObject({ type: 'error' });
    expect(parse('x'.repeat(10_001))).toMatchObject({ type: 'error', message: /at most/ });
  });
});
