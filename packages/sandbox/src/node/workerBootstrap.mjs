// Starts the sandbox worker thread. Meshtable's packages are TypeScript sources, so the thread
// registers tsx (as bin/meshtable.js does for the main thread) before it loads worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
