/**
 * Seeded randomized runs of a whole campaign, in the manner of yjs's applyRandomTests and
 * tldraw's syncFuzz: a GM and three players (one on two devices with one identity, one hostile)
 * and a newcomer who joins, each with their own copy of the table doc on a simulated network
 * that delays, reorders, duplicates, partitions and disconnects. They move tokens (their own and
 * others'), roll, edit sheets through intents and their own sheet's notes directly, and join;
 * the hostile player also writes what only the GM may write (receipts and `meta.gms`
 * included), forges entries and receipts, and deletes others' entries, seen by the GM or not.
 * The real campaign code runs throughout: createCampaign, IntentClient, GmValidator and
 * TableAudit on the GM's peer, and for some seeds a small game system in the real sandbox.
 *
 * Once every partition is healed and every message delivered: every doc is the same; every
 * signed intent has exactly one receipt, naming an entry of its author's log; every request was
 * ruled on once and its ticket ended with that ruling; the GM-owned records are what the
 * validator wrote (the audit undid every hostile write, and nothing else); every receipt's dice
 * verify; and a fresh validator, given the campaign as it started and the final logs in the
 * receipts' order, writes the same receipts and records.
 *
 * A failing seed is printed with the command that runs it again; pin it in PINNED_SEEDS. More:
 * MESHTABLE_FUZZ_SEEDS=2000 npx vitest run --project integration campaignConvergence
 * (seeds 1–2000); MESHTABLE_FUZZ_FROM=2001 starts elsewhere, to split a long run across cores.
 */
import type { RulesHost } from '@meshtable/campaign';
import { createModuleBundle, moduleFilesFromText, Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import { afterAll, describe, expect, it } from 'vitest';
import { ATTACKS } from '../support/campaignAttacks';
import {
  convergenceProblems,
  diceProblems,
  firstDifference,
  guardedJson,
  receiptProblems,
  requestProblems,
  stableJson,
} from '../support/campaignChecks';
import { replayRulings } from '../support/campaignReplay';
import { CampaignRun } from '../support/campaignRun';
import { createWorld, FUZZ_RULES, GatedRules } from '../support/campaignWorld';
import { seededRandom } from '../support/prng';
import { withSeededCrypto } from '../support/seededCrypto';
import { SimNetwork } from '../support/simNetwork';

/**
 * Seeds the audit once misjudged: a tampered copy of a device's first entry, or another device's
 * copy of it, met first by the GM's peer left that device unknown, and its owner's sheet edit was
 * undone (audit/memberDevices.ts, IntentClient.introduced).
 */
const PINNED_SEEDS: number[] = [915, 1077, 1152, 1306, 1313, 1518, 1776, 2334];
const SEEDS = [
  ...new Set([
    ...PINNED_SEEDS,
    ...Array.from(
      { length: Number(process.env.MESHTABLE_FUZZ_SEEDS ?? 100) },
      (_, i) => i + Number(process.env.MESHTABLE_FUZZ_FROM ?? 1),
    ),
  ]),
];
/** Random steps per run, before everything is healed and delivered. */
const STEPS = 100;
/** Seeds that are multiples of this run the game system in the real sandbox (slower). */
const SANDBOX_EVERY = 20;
/** The attacks of a run: all of them, those on what clients believe included. */
const RUN_ATTACKS = Object.keys(ATTACKS);

interface SeedOptions {
  readonly rules: { readonly live: RulesHost; readonly replay: RulesHost } | null;
  readonly attacks: readonly string[];
  readonly deleteUnseen: boolean;
}

/** What a run found wrong, by check; every list is empty when all is well. */
interface Verdict {
  readonly converged: string[];
  readonly validator: string[];
  readonly receipts: string[];
  readonly requests: string[];
  readonly pending: string[];
  readonly notWhatTheValidatorWrote: string[];
  readonly auditUndidWhatNobodyAttacked: string[];
  readonly dice: string[];
  readonly replay: string[];
}

async function runSeed(seed: number, options: SeedOptions): Promise<Verdict> {
  const random = seededRandom(seed);
  return await withSeededCrypto(seededRandom(seed ^ 0x5eed5eed), async () => {
    const network = new SimNetwork(random, { duplicate: 0.1, forward: 0.3 });
    const gate = options.rules === null ? null : new GatedRules(options.rules.live);
    const world = createWorld({
      random,
      network,
      autoAdmit: random() < 0.75,
      rules: gate,
      guardedJson,
    });
    const run = new CampaignRun({
      world,
      network,
      gate,
      random,
      attacks: options.attacks,
      deleteUnseen: options.deleteUnseen,
    });
    try {
      for (let step = 0; step < STEPS; step++) await run.step();
      await run.settle();

      const table = world.gm.device.doc;
      const people = Object.values(world.people).map((person) => person.identity);
      const named = (text: string) =>
        Object.values(world.people).reduce(
          (named, person) => named.replaceAll(person.identity.userId, person.key),
          text,
        );
      const byClient = new Map(world.devices.map((device) => [device.doc.clientID, device.name]));
      const unattacked = world.gm.reports
        .filter((report) => !run.attacked.has(report.where))
        .map(
          (report) =>
            `${named(report.where)} ${report.what} (with ${report.clients.map((client) => byClient.get(client) ?? client).join(', ')})`,
        );
      const final = stableJson(guardedJson(table));
      const wrote = stableJson(world.gm.validatorView.current);

      const replay = await replayRulings({
        initial: world.initial,
        final: table,
        gmIdentity: world.people.gm.identity,
        rules: options.rules?.replay ?? null,
      });
      const replayed = stableJson(guardedJson(replay.table));
      return {
        converged: convergenceProblems(world.devices),
        validator: world.gm.problems.filter((problem) => problem.includes('stopped')),
        receipts: receiptProblems(table, people, world.people.gm.identity).map(named),
        requests: requestProblems(table, run.requests).map(named),
        pending: world.devices.flatMap((device) =>
          (device.client?.pending() ?? []).map(
            ({ intent }) => `${device.name} waits for ${named(intent.id)}`,
          ),
        ),
        notWhatTheValidatorWrote: final === wrote ? [] : [firstDifference(wrote, final)],
        auditUndidWhatNobodyAttacked: unattacked,
        dice: diceProblems(table, people).map(named),
        replay: [
          ...replay.problems.map(named),
          ...(replayed === final ? [] : [`it differs: ${firstDifference(final, replayed)}`]),
        ],
      };
    } finally {
      world.gm.validator.stop();
      world.gm.audit.stop();
      for (const device of world.devices) device.client?.close();
    }
  });
}

/** Runs a seed and reports which, with the command that runs it alone, when it fails. */
async function checkSeed(
  seed: number,
  options: SeedOptions,
  check: (verdict: Verdict) => void,
): Promise<void> {
  try {
    check(await runSeed(seed, options));
  } catch (error) {
    const rerun = `MESHTABLE_FUZZ_FROM=${seed} MESHTABLE_FUZZ_SEEDS=1 npx vitest run --project integration campaignConvergence -t "seed ${seed}\\b"`;
    (error as Error).message =
      `seed ${seed} failed (pin it in PINNED_SEEDS; run it alone: ${rerun})\n${(error as Error).message}`;
    throw error;
  }
}

async function loadRules(sandbox: Sandbox): Promise<RulesHost> {
  const files = moduleFilesFromText({
    'module.json': JSON.stringify({
      id: 'fuzz',
      name: 'Fuzz rules',
      version: '1.0.0',
      api: 1,
      entry: 'rules.js',
    }),
    'rules.js': FUZZ_RULES,
  });
  return await sandbox.load(createModuleBundle(files));
}

describe('a campaign on an unreliable network, randomized (seeded)', () => {
  let sandbox: Sandbox | null = null;
  afterAll(() => sandbox?.close());
  const rulesFor = async (seed: number): Promise<SeedOptions['rules']> => {
    if (seed % SANDBOX_EVERY !== 0) return null;
    sandbox ??= new Sandbox({ launch: nodeWorkerLauncher() });
    return { live: await loadRules(sandbox), replay: await loadRules(sandbox) };
  };

  for (const seed of SEEDS) {
    const where = seed % SANDBOX_EVERY === 0 ? ' (rules in the sandbox)' : '';
    it(`converges, answers each intent once, undoes attacks and replays, seed ${seed}${where}`, async () => {
      // The attacker may delete entries the GM's peer has not seen yet: their authors' clients
      // append them again.
      const options = { rules: await rulesFor(seed), attacks: RUN_ATTACKS, deleteUnseen: true };
      await checkSeed(seed, options, (verdict) => {
        expect(verdict).toEqual(
          Object.fromEntries(Object.keys(verdict).map((check) => [check, []])),
        );
      });
    });
  }
});
