/**
 * The sandbox in the browser: workers are dedicated Web Workers.
 */
export { browserWorkerLauncher } from './browserWorkerLauncher';
