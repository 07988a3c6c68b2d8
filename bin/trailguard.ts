import { join } from 'node:path';
import { run } from '../lib/cli/main';
import { registerWorkerScript } from '../lib/replay/workers';
import { REGISTRY } from './registry';

// The CLI bundle's entry (bin/build.cjs): binds the rule registry to the command line, as handlers/ do for Lambda.
// bin/build.cjs writes the replay worker's bundle beside this one.
registerWorkerScript(join(__dirname, 'replay-worker.cjs'));
run(REGISTRY);
