import { describe, expect, it } from 'vitest';
import { parseOrExplain, UsageError } from './usage';

const options = { key: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('parseOrExplain', () => {
  it('takes the value after a string option even when it starts with "-"', () => {
    expect(parseOrExplain(['--key', '-Ab_c', 'file'], 'help', options)).toMatchObject({
      values: { key: '-Ab_c' },
      positionals: ['file'],
    });
    expect(parseOrExplain(['--key=-x', '--json'], 'help', options).values).toEqual({
      key: '-x',
      json: true,
    });
  });

  it('keeps what follows "--" as positionals, and refuses unknown flags with the help', () => {
    expect(parseOrExplain(['--', '--key', '-1d6'], 'help', options).positionals).toEqual([
      '--key',
      '-1d6',
    ]);
    expect(() => parseOrExplain(['--nope'], 'the help', options)).toThrow(UsageError);
    expect(() => parseOrExplain(['--nope'], 'the help', options)).toThrow(/the help/);
  });
});
