import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/thrown';
import { createCampaignId, createCampaignKey } from './credentials';
import { makeInviteLink, parseInviteLink } from './invite';

const ID = 'Xk3_p9Qa-ZL0bN7wEr2TyA';
const KEY = 'q3JfWm0c5SeRk1nD8aZxVg';
const BASE = 'https://table.example/';

describe('makeInviteLink', () => {
  it('puts the campaign, the key and the relay in the fragment', () => {
    expect(makeInviteLink(BASE, { campaignId: ID, tableKey: KEY })).toBe(
      `https://table.example/#/join/${ID}/${KEY}`,
    );
    expect(
      makeInviteLink('https://table.example/app/?sync=relay#/board/x/y', {
        campaignId: ID,
        tableKey: KEY,
        relayUrl: 'https://relay.example:8443/base?x=1&y=2',
      }),
    ).toBe(
      `https://table.example/app/?sync=relay#/join/${ID}/${KEY}?relay=${encodeURIComponent('https://relay.example:8443/base?x=1&y=2')}`,
    );
  });

  it('never writes the gm key, even when handed the whole created campaign', () => {
    const gmKey = createCampaignKey();
    const created = { campaignId: ID, tableKey: KEY, gmKey, relayUrl: null };
    const link = makeInviteLink(BASE, created);
    expect(link).not.toContain(gmKey);
    expect(link).not.toContain('gm');
  });

  it('refuses what it could not parse back', () => {
    expect(thrown(() => makeInviteLink('ftp://x/', { campaignId: ID, tableKey: KEY })).code).toBe(
      'INVITE_INVALID_LINK',
    );
    expect(thrown(() => makeInviteLink(BASE, { campaignId: 'a:gm', tableKey: KEY })).code).toBe(
      'INVITE_INVALID_CAMPAIGN_ID',
    );
    expect(thrown(() => makeInviteLink(BASE, { campaignId: ID, tableKey: 'short' })).code).toBe(
      'INVITE_INVALID_TABLE_KEY',
    );
    expect(
      thrown(() =>
        makeInviteLink(BASE, { campaignId: ID, tableKey: KEY, relayUrl: 'ws://relay.example' }),
      ).code,
    ).toBe('INVITE_INVALID_RELAY_URL');
  });
});

describe('parseInviteLink', () => {
  it('reads back what makeInviteLink wrote, from the whole link or its fragment', () => {
    const link = makeInviteLink(BASE, {
      campaignId: ID,
      tableKey: KEY,
      relayUrl: 'http://192.168.1.20:8080',
    });
    const expected = {
      campaignId: ID,
      tableKey: KEY,
      relayUrl: 'http://192.168.1.20:8080/',
      epoch: 0,
      room: ID,
      gmIds: [],
    };
    expect(parseInviteLink(link)).toEqual({ ok: true, invite: expected });
    expect(parseInviteLink(new URL(link).hash)).toEqual({ ok: true, invite: expected });
    expect(parseInviteLink(`  ${link}\n`)).toEqual({ ok: true, invite: expected });
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}`)).toEqual({
      ok: true,
      invite: { campaignId: ID, tableKey: KEY, relayUrl: null, epoch: 0, room: ID, gmIds: [] },
    });
  });

  it('ignores query parameters it does not know, so newer links still open', () => {
    expect(parseInviteLink(`${BASE}#/join/${ID}/${KEY}?theme=dark`)).toMatchObject({ ok: true });
  });

  const hostile: [string, unknown, string][] = [
    ['not text', 42, 'INVITE_INVALID_LINK'],
    ['no fragment', `${BASE}join/${ID}/${KEY}`, 'INVITE_INVALID_LINK'],
    ['a javascript: link', `javascript:alert(1)//#/join/${ID}/${KEY}`, 'INVITE_INVALID_LINK'],
    ['a data: link', `data:text/html,x#/join/${ID}/${KEY}`, 'INVITE_INVALID_LINK'],
    ['another route', `${BASE}#/board/${ID}/${KEY}`, 'INVITE_INVALID_LINK'],
    ['a missing key', `${BASE}#/join/${ID}`, 'INVITE_INVALID_LINK'],
    ['extra path segments', `${BASE}#/join/${ID}/${KEY}/gm`, 'INVITE_INVALID_LINK'],
    ['a trailing slash', `${BASE}#/join/${ID}/${KEY}/`, 'INVITE_INVALID_LINK'],
    [
      'a far too long link',
      `${BASE}#/join/${ID}/${KEY}?x=${'a'.repeat(5000)}`,
      'INVITE_INVALID_LINK',
    ],
    ['the gm room as campaign', `${BASE}#/join/${ID}:gm/${KEY}`, 'INVITE_INVALID_CAMPAIGN_ID'],
    ['an empty campaign id', `${BASE}#/join//${KEY}`, 'INVITE_INVALID_CAMPAIGN_ID'],
    ['a path escape', `${BASE}#/join/../${KEY}`, 'INVITE_INVALID_CAMPAIGN_ID'],
    [
      'a percent-encoded id',
      `${BASE}#/join/%41${ID.slice(1)}/${KEY}`,
      'INVITE_INVALID_CAMPAIGN_ID',
    ],
    ['a NUL in the id', `${BASE}#/join/ab%00cd/${KEY}`, 'INVITE_INVALID_CAMPAIGN_ID'],
    ['a 65-character id', `${BASE}#/join/${'a'.repeat(65)}/${KEY}`, 'INVITE_INVALID_CAMPAIGN_ID'],
    ['a key cut short', `${BASE}#/join/${ID}/${KEY.slice(0, 21)}`, 'INVITE_INVALID_TABLE_KEY'],
    ['a padded key', `${BASE}#/join/${ID}/${KEY}==`, 'INVITE_INVALID_TABLE_KEY'],
    [
      'a key in the +/ alphabet',
      `${BASE}#/join/${ID}/${KEY.slice(0, 21)}+`,
      'INVITE_INVALID_TABLE_KEY',
    ],
    // The last character of 16 bytes holds 4 unused bits, which must be zero.
    ['a non-canonical key', `${BASE}#/join/${ID}/${KEY.slice(0, 21)}h`, 'INVITE_INVALID_TABLE_KEY'],
    [
      'a Cyrillic letter in the key',
      `${BASE}#/join/${ID}/${KEY.slice(0, 21)}А`,
      'INVITE_INVALID_TABLE_KEY',
    ],
    [
      'a javascript: relay',
      `${BASE}#/join/${ID}/${KEY}?relay=javascript:alert(1)`,
      'INVITE_INVALID_RELAY_URL',
    ],
    [
      'a ws: relay',
      `${BASE}#/join/${ID}/${KEY}?relay=ws%3A%2F%2Frelay.example`,
      'INVITE_INVALID_RELAY_URL',
    ],
    ['a relative relay', `${BASE}#/join/${ID}/${KEY}?relay=%2Fsync`, 'INVITE_INVALID_RELAY_URL'],
    ['an empty relay', `${BASE}#/join/${ID}/${KEY}?relay=`, 'INVITE_INVALID_RELAY_URL'],
    [
      'a relay with credentials',
      `${BASE}#/join/${ID}/${KEY}?relay=${encodeURIComponent('https://relay.example@evil.example/')}`,
      'INVITE_INVALID_RELAY_URL',
    ],
    [
      'a relay with a fragment',
      `${BASE}#/join/${ID}/${KEY}?relay=${encodeURIComponent('https://relay.example/#x')}`,
      'INVITE_INVALID_RELAY_URL',
    ],
    [
      'two relays',
      `${BASE}#/join/${ID}/${KEY}?relay=https%3A%2F%2Fa.example&relay=https%3A%2F%2Fb.example`,
      'INVITE_INVALID_RELAY_URL',
    ],
  ];
  it.each(hostile)('refuses %s', (_what, link, code) => {
    const parsed = parseInviteLink(link);
    expect(parsed).toMatchObject({ ok: false, code });
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
  });

  it('reads back every well-formed invite (property)', () => {
    const relay = fc.option(fc.webUrl({ withQueryParameters: true }), { nil: null });
    fc.assert(
      fc.property(relay, (relayUrl) => {
        const invite = { campaignId: createCampaignId(), tableKey: createCampaignKey(), relayUrl };
        const parsed = parseInviteLink(makeInviteLink(BASE, invite));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          expect(parsed.invite.campaignId).toBe(invite.campaignId);
          expect(parsed.invite.tableKey).toBe(invite.tableKey);
          expect(parsed.invite.relayUrl).toBe(relayUrl === null ? null : new URL(relayUrl).href);
        }
      }),
      { seed: 5, numRuns: 100 },
    );
  });

  it('never throws, whatever it is given (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ maxLength: 80 }).map((tail) => `${BASE}#/join/${tail}`),
      fc
        .tuple(
          fc.string({ maxLength: 30 }),
          fc.string({ maxLength: 30 }),
          fc.string({ maxLength: 60 }),
        )
        .map(([id, key, relay]) => `#/join/${id}/${key}?relay=${relay}`),
    );
    fc.assert(
      fc.property(text, (link) => {
        const parsed = parseInviteLink(link);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
