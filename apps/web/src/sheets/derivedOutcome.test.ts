import { SandboxError } from '@meshtable/sandbox';
import { describe, expect, it } from 'vitest';
import { derivedFrom } from './derivedOutcome';

describe('derivedFrom', () => {
  it('keeps derive’s output', () => {
    const value = { modifiers: { str: 3 } };
    expect(derivedFrom({ ok: true, value, draws: [], logs: [] })).toEqual({ status: 'ok', value });
  });

  it('turns a failed call into a message with its code, to show rather than throw', () => {
    const error = new SandboxError('MODULE_TIMEOUT', 'derive ran past its 250 ms budget');
    expect(derivedFrom({ ok: false, error, draws: [], logs: [] })).toEqual({
      status: 'error',
      message: 'MODULE_TIMEOUT: derive ran past its 250 ms budget',
    });
  });
});
