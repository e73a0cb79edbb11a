import { describe, expect, it } from 'vitest';
import { KINDS } from './relaySettingKinds';

describe('the iceServers kind', () => {
  const check = KINDS.iceServers.check;

  it.each([
    [[]],
    [[{ urls: 'stun:stun.example.org' }]],
    [[{ urls: ['turn:a.example.org', 'turns:a.example.org'], username: 'u', credential: 'p' }]],
  ])('takes %j', (servers) => {
    expect(check(servers)).toEqual(servers);
  });

  it.each([
    ['not a list', { urls: 'stun:x' }],
    ['a server that is not an object', ['stun:x']],
    ['no urls', [{ username: 'u' }]],
    ['empty urls', [{ urls: '' }]],
    ['an empty list of urls', [{ urls: [] }]],
    ['a url that is not text', [{ urls: ['stun:x', 3] }]],
    ['a username that is not text', [{ urls: 'stun:x', username: 1 }]],
    ['a credential that is not text', [{ urls: 'stun:x', credential: {} }]],
    ['an unknown key', [{ urls: 'stun:x', credentialType: 'password' }]],
  ])('refuses %s', (_, servers) => {
    expect(check(servers)).toBeUndefined();
  });

  it('reads a flag’s JSON text', () => {
    expect(check(KINDS.iceServers.fromText('[{"urls":"stun:x"}]'))).toEqual([{ urls: 'stun:x' }]);
    expect(check(KINDS.iceServers.fromText('[{"urls":'))).toBeUndefined();
  });
});
