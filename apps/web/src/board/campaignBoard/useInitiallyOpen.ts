import { useState } from 'react';

/** Below this width (CSS pixels) the board's panels start closed, leaving the map to see. */
const SMALL_SCREEN = '(max-width: 640px)';

/** Whether a panel starts open: yes, except on a small screen. Read once, at mount. */
export function useInitiallyOpen(): boolean {
  const [open] = useState(() => !window.matchMedia(SMALL_SCREEN).matches);
  return open;
}
