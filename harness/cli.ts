// The `bench` executable's entry: the command line is harness/main.ts, one module per command under harness/commands/.
import { main } from './main.ts';

// A reader that went away (`bench faults | head -1`) is no error of ours: stop writing, quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv);
