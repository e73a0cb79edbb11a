/**
 * The Web Worker entry of the sandbox. SES first, then the guest runtime, which locks down this
 * worker's realm only: the page (React, tldraw) keeps its own intrinsics.
 */
import 'ses';
import { startGuestRuntime } from '../guest/runtime';
import type { HostMessage } from '../protocol';

declare const self: DedicatedWorkerGlobalScope;

// A module's stray rejected promise is nobody's business: hooks are synchronous.
self.addEventListener('unhandledrejection', (event) => event.preventDefault());

// Replies wait for a macrotask (see GuestPort.defer). A MessageChannel turn is one, without the
// clamping that nested setTimeout calls get.
const channel = new MessageChannel();
const tasks: Array<() => void> = [];
channel.port1.onmessage = () => tasks.shift()?.();

const handle = startGuestRuntime({
  post: (message) => self.postMessage(message),
  defer: (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  },
});
self.onmessage = (event: MessageEvent<HostMessage>) => handle(event.data);
