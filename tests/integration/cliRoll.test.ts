import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/meshtable.js', import.meta.url));
const SEED = '00'.repeat(32);

function meshtable(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('meshtable roll', () => {
  it('prints the text form, the same for the same seed', () => {
    const first = meshtable('roll', '4d6kh3', '--seed', SEED);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^4d6kh3: \[.*\] = \d+\n$/);
    expect(meshtable('roll', '4d6kh3', '--seed', SEED).stdout).toBe(first.stdout);
  });

  it('prints JSON with notation, total, rolls and the seed', () => {
    const { code, stdout } = meshtable('roll', '1d20+5', '--seed', SEED, '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed).toMatchObject({ notation: '1d20+5', seed: SEED });
    expect(parsed.total).toBe(parsed.rolls[0].dice[0].value + 5);
    expect(parsed.text).toBe(`1d20+5: [${parsed.rolls[0].dice[0].value}]+5 = ${parsed.total}`);
  });

  it('prints an array with --repeat, drawing on from one stream', () => {
    const { stdout } = meshtable('roll', '3d6', '--seed', SEED, '--repeat', '5', '--json');
    const rolls = JSON.parse(stdout);
    expect(rolls).toHaveLength(5);
    expect(new Set(rolls.map((r: { text: string }) => r.text)).size).toBeGreaterThan(1);
    const text = meshtable('roll', '3d6', '--seed', SEED, '--repeat', '5')
      .stdout.trim()
      .split('\n');
    expect(text).toEqual(rolls.map((r: { text: string }) => r.text));
  });

  it('shows where a bad notation goes wrong, on stderr, exit code 2', () => {
    const { code, stdout, stderr } = meshtable('roll', '4d');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("meshtable: expected the number of sides after 'd' at 3\n  4d\n    ^\n");
  });

  it('refuses a bad seed or repeat count with usage and exit code 2', () => {
    expect(meshtable('roll', '1d6', '--seed', 'xyz').code).toBe(2);
    expect(meshtable('roll', '1d6', '--repeat', '0').stderr).toContain(
      '--repeat must be a whole number',
    );
    expect(meshtable('roll').stderr).toContain('roll takes one notation');
  });
});
