import { describe, expect, it } from 'vitest';
import { assetUrl, refusal } from './relayTransport';

describe('refusal', () => {
  it('turns each of the relay’s refusals into its code and a message that says what to do', () => {
    const answer = (code: string, message: string) => JSON.stringify({ error: { code, message } });
    const tooLarge = refusal(413, answer('ASSET_TOO_LARGE', 'over 1 MiB'), 'map.png');
    expect(tooLarge).toMatchObject({ code: 'ASSET_TOO_LARGE', retryable: false });
    expect(tooLarge.message).toMatch(/“map\.png” is larger than this relay takes \(over 1 MiB\)/);
    expect(refusal(413, answer('ASSET_QUOTA_EXCEEDED', '2 MiB left'), 'a.png').message).toMatch(
      /space on the relay is full.*2 MiB left.*--asset-quota-mb/,
    );
    expect(refusal(415, answer('ASSET_TYPE_REFUSED', 'SVG is refused'), 'a.svg').message).toMatch(
      /refused “a\.svg”: SVG is refused\. .*convert an SVG/,
    );
    expect(refusal(401, answer('ASSET_UNAUTHORIZED', 'no'), 'a.png').message).toMatch(
      /does not know this table yet/,
    );
    expect(refusal(422, answer('ASSET_HASH_MISMATCH', 'sha'), 'a.png')).toMatchObject({
      code: 'ASSET_HASH_MISMATCH',
      retryable: true,
    });
    expect(refusal(500, answer('ASSET_STORAGE_FAILED', 'disk'), 'a.png').retryable).toBe(true);
  });

  it('does not trust what is not the relay’s answer', () => {
    const proxy = refusal(502, '<html>Bad gateway</html>', 'a.png');
    expect(proxy).toMatchObject({ code: 'ASSET_BAD_RESPONSE', retryable: true });
    expect(proxy.message).toBe(
      'The relay answered 502 to the upload of “a.png”, without saying why.',
    );
    const odd = refusal(400, JSON.stringify({ error: { code: 'SOMETHING', message: 'x' } }), 'a');
    expect(odd.code).toBe('ASSET_BAD_RESPONSE');
  });
});

describe('assetUrl', () => {
  it('names the asset under the relay’s path', () => {
    expect(assetUrl('https://relay.example/meshtable/', 'ab')).toBe(
      'https://relay.example/meshtable/assets/ab',
    );
  });
});
