import { join } from 'node:path';
import { run } from '../lib/cli/main';
import { registerDistributedReplay } from '../lib/cli/replay-command';
import { registerS3Reader } from '../lib/cli/replay-parallel-option';
import { registerWorkerScript } from '../lib/replay/workers';
import { REGISTRY } from './registry';

// The CLI bundle's entry (bin/build.cjs): binds the rule registry to the command line, as handlers/ do for Lambda.
// bin/build.cjs writes the replay worker's bundle, the S3 reader's and --distributed's beside this one.
registerWorkerScript(join(__dirname, 'replay-worker.cjs'));
registerS3Reader(join(__dirname, 'history-s3.cjs'));
registerDistributedReplay(join(__dirname, 'replay-distributed.cjs'));
run(REGISTRY);
