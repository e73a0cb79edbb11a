import { describe, expect, it } from 'vitest';
import { parseRedisUrl, RedisUrlError } from './redisUrl';
import { compareStreamIds, laterStreamId } from './streamIds';

describe('parseRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', '127.0.0.1:6379/0'],
    ['redis://r', 'r:6379/0'],
    ['redis://r:6380/3', 'r:6380/3'],
    ['rediss://user:secret@r.example:6380/1', 'r.example:6380/1'],
  ])('takes %s and shows it without credentials', (url, shown) => {
    const target = parseRedisUrl(url);
    expect(target.url).toBe(url);
    expect(target.shown).toBe(shown);
  });

  it.each([
    ['no scheme', 'localhost:6379', 'must start with redis://'],
    ['another scheme', 'http://r:6379', 'must start with redis://'],
    ['no host', 'redis://', 'names no host'],
    ['port 0', 'redis://r:0', 'port 0'],
    ['a port out of range', 'redis://r:70000', 'not a URL'],
    ['a path that is no database', 'redis://r/cache', 'database number'],
    ['a query', 'redis://r/0?tls=1', 'no query'],
    ['text', 'not a url', 'not a URL'],
  ])('refuses %s', (_, url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('never repeats a password in its messages', () => {
    expect(() => parseRedisUrl('redis://u:hunter2@r/x')).toThrow(/^(?!.*hunter2)/);
  });
});

describe('stream ids', () => {
  it('compare as numbers, not as text', () => {
    expect(compareStreamIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareStreamIds('10-2', '10-2')).toBe(0);
    expect(laterStreamId('1700000000000-5', '1699999999999-9')).toBe('1700000000000-5');
  });
});
