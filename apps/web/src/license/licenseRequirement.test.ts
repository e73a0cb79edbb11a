import { describe, expect, it } from 'vitest';
import { needsTldrawLicenseKey } from './licenseRequirement';

describe('needsTldrawLicenseKey', () => {
  it('needs no key over http, LAN addresses included', () => {
    expect(needsTldrawLicenseKey({ protocol: 'http:', hostname: '192.168.1.20' }, null)).toBe(
      false,
    );
    expect(needsTldrawLicenseKey({ protocol: 'http:', hostname: 'table.example' }, null)).toBe(
      false,
    );
  });

  it('needs no key over https on loopback hosts', () => {
    for (const hostname of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      expect(needsTldrawLicenseKey({ protocol: 'https:', hostname }, null)).toBe(false);
    }
  });

  it('needs a key over https on any other host', () => {
    expect(needsTldrawLicenseKey({ protocol: 'https:', hostname: 'table.example' }, null)).toBe(
      true,
    );
    expect(needsTldrawLicenseKey({ protocol: 'https:', hostname: '192.168.1.20' }, null)).toBe(
      true,
    );
    expect(needsTldrawLicenseKey({ protocol: 'https:', hostname: 'app.localhost' }, null)).toBe(
      true,
    );
  });

  it('is satisfied by any key from the relay', () => {
    expect(
      needsTldrawLicenseKey({ protocol: 'https:', hostname: 'table.example' }, 'tldraw-x'),
    ).toBe(false);
  });
});
