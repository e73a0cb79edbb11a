// `npm start`: builds the web app when its build is missing or older than its sources, then runs
// the relay in the foreground (http://127.0.0.1:8080, data in ./data). Extra arguments go to
// `meshtable relay`, e.g. `npm start -- --port 9000`.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'apps/web/dist/index.html');
const sources = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/vite.config.modules.ts',
  'packages/sync/src',
  'packages/schema/src',
  'packages/campaign/src',
  'packages/sandbox/src',
  'packages/dice/src',
  // The game systems are bundled into the app.
  'modules',
  'package-lock.json',
].map((path) => join(root, path));

/** Newest modification time of a file or of any file below a folder (0 when missing). */
function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = newestMtime(builtIndex);
const changedAt = Math.max(...sources.map(newestMtime));
if (builtAt === 0 || changedAt > builtAt) {
  console.log(builtAt === 0 ? 'Building the web app…' : 'The web app changed; rebuilding…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The web app failed to build; see the errors above.');
    process.exit(build.status ?? 1);
  }
}

const relay = spawn(
  process.execPath,
  [join(root, 'packages/cli/bin/meshtable.js'), 'relay', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal));
relay.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
