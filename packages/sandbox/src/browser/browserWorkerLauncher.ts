/**
 * Starts sandbox workers as dedicated Web Workers. The bundler (Vite) builds worker.ts as its own
 * file; the relay serves it with a Content-Security-Policy of its own that allows the evaluation
 * SES needs, while the page's policy allows none.
 *
 * Browsers give a worker no heap limit of its own: a module that allocates without end is stopped
 * by the time budget (or by the browser, which then reports a crash).
 */

import type { WorkerLauncher } from '../host/WorkerLink';
import type { WorkerMessage } from '../protocol';

/** A {@link WorkerLauncher} for the browser. */
export function browserWorkerLauncher(): WorkerLauncher {
  return (events) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'meshtable-sandbox',
    });
    let ended = false;
    const end = (message: string) => {
      if (ended) return;
      ended = true;
      worker.terminate();
      events.exit({ code: 'MODULE_CRASHED', message });
    };
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => events.message(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      end(`the sandbox worker crashed: ${event.message || 'no message'}`);
    };
    worker.onmessageerror = () => end('the sandbox worker sent a message that could not be read');
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => {
        ended = true;
        worker.terminate();
      },
    };
  };
}
