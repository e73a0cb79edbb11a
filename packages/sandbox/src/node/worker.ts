/**
 * The worker_threads entry of the sandbox (loaded through workerBootstrap.mjs). SES first, then
 * the guest runtime, which locks this thread's realm down; the main thread is never touched.
 */
import 'ses';
import { parentPort } from 'node:worker_threads';
import { startGuestRuntime } from '../guest/runtime';
import type { HostMessage } from '../protocol';

const port = parentPort;
if (port === null) throw new Error('the sandbox worker must run in a worker thread');

// A module's stray rejected promise must not end the thread (Node's default for an unhandled
// rejection); hooks are synchronous, so nothing waits on such a promise anyway.
process.on('unhandledRejection', () => {});

const handle = startGuestRuntime({
  post: (message) => port.postMessage(message),
  defer: (task) => setImmediate(task),
});
port.on('message', (message: HostMessage) => handle(message));
