import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMeshtable } from '../support/meshtableCli';
import { spawnRelay } from '../support/relayProcess';

/** Runs the meshtable command; resolves with its output once it exits. */
const run = (args: string[]) => runMeshtable(args, { deadlineMs: 30_000 });

describe('meshtable relay (the command)', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, prints its URL, serves /healthz and stops cleanly on SIGTERM', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-cli-'));
    const relay = await spawnRelay(dataDir);
    child = relay.child;
    const health = await fetch(`${relay.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true });
    expect(await relay.stop()).toBe(0);
  });

  it('rejects an unknown flag with usage and exit code 2', async () => {
    const result = await run(['relay', '--prot', '80']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--prot'");
    expect(result.stderr).toContain('Usage: meshtable relay');
  });

  it('rejects a bad port and a lone --tls-cert', async () => {
    expect((await run(['relay', '--port', 'eighty'])).stderr).toContain(
      '--port must be a whole number',
    );
    expect((await run(['relay', '--tls-cert', 'x.pem'])).stderr).toContain(
      '--tls-cert and --tls-key go together',
    );
  });

  it('says that an unknown command is unknown', async () => {
    const result = await run(['dance']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "dance"');
  });
});
