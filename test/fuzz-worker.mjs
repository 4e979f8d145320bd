// The worker thread of test/unit/fuzz-front-door.test.ts: runs `bench` command lines in-process,
// one at a time, so that the test can stop a case that hangs (terminate() ends even a busy loop)
// and a case that runs out of memory ends this thread, not the test.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { benchInProcess } = await import('./in-process.ts');

parentPort.on('message', async ({ id, args }) => {
  parentPort.postMessage({ id, ...(await benchInProcess(args)) });
});
parentPort.postMessage({ ready: true });
