/**
 * The sandbox in Node: workers on worker_threads, modules read from folders.
 */
export type { NodeWorkerOptions } from './nodeWorkerLauncher';
export { nodeWorkerLauncher } from './nodeWorkerLauncher';
export { readModuleDir } from './readModuleDir';
