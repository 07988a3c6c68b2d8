import { join } from 'node:path';
import { registerWorkerScript } from '../replay/workers';
import { run } from './main';

// lib/cli/build.cjs writes the replay worker's bundle beside this one.
registerWorkerScript(join(__dirname, 'replay-worker.cjs'));
run();
