// Preloaded (`node --import`) into a server the scale benchmark spawns, never into anything
// shipped. Over the IPC channel the benchmark opens, it answers with the process's memory and CPU
// time, after a full garbage collection when asked (the benchmark also passes --expose-gc), and
// exits on request so that `--cpu-prof` can write its profile (a server killed by SIGTERM without
// a handler of its own would not). Plain JavaScript, so that a server run without tsx stays so.

const collect = globalThis.gc;

process.on('message', (message) => {
  if (message?.type === 'exit') {
    process.exit(0);
  }
  if (message?.type !== 'measure') return;
  if (message.gc) {
    if (typeof collect !== 'function') throw new Error('serverProbe: run with --expose-gc');
    // Twice: the first collection can leave objects that finalizers only released then.
    collect();
    collect();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.send?.({
    type: 'measured',
    id: message.id,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    cpuMicros: cpu.user + cpu.system,
  });
});
