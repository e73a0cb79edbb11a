/**
 * The mesh benchmark's process (started by tests/bench/meshChild.ts): argv[2] is the
 * {@link MeshConfig} as JSON; the last line of stdout is the result as JSON. A process of its own
 * because it drives a browser with the DOM's types, while the harness is type-checked for Node.
 */
import type { MeshConfig } from '../meshFigures';
import { runMeshBench } from './mesh';

const config = JSON.parse(process.argv[2] ?? '{}') as MeshConfig;
console.log(JSON.stringify(await runMeshBench(config)));
