import type { RelayClientConfig } from '@meshtable/schema';
import { useEffect, useState } from 'react';
import { loadClientConfig } from './clientConfig';

// One request per page load: the relay's configuration does not change under a running page.
let configPromise: Promise<RelayClientConfig> | null = null;

/** The relay's client configuration, or null while `/config` is loading. */
export function useClientConfig(): RelayClientConfig | null {
  const [config, setConfig] = useState<RelayClientConfig | null>(null);
  useEffect(() => {
    let active = true;
    configPromise ??= loadClientConfig();
    void configPromise.then((loaded) => {
      if (active) setConfig(loaded);
    });
    return () => {
      active = false;
    };
  }, []);
  return config;
}
