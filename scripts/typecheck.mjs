// Type-checks each runtime with its own tsconfig, so that code of one runtime cannot lean on
// another's globals (the browser on Node's, the worker on the DOM's).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const projects = [
  'tsconfig.worker.json',
  'tsconfig.node.json',
  'tsconfig.browser.json',
  'tsconfig.tests.json',
];
let failed = false;
for (const project of projects) {
  const started = Date.now();
  const result = spawnSync('npx', ['tsc', '-p', project], { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`typecheck ${project}: ${ok ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
  failed ||= !ok;
}
process.exit(failed ? 1 : 0);
