import { startReplayWorkerIfAny } from '../lib/replay/workers';
import { REGISTRY } from './registry';

// The replay worker thread's own bundle (.build/replay-worker.cjs): only the engine, rules and readers, without
// the CLI's source map, so each worker starts in a fraction of the CLI's start-up time.
if (!startReplayWorkerIfAny(REGISTRY)) throw new Error('replay-worker.cjs runs only as a trailguard replay worker thread');
