import { registerWorkerScript, startReplayWorkerIfAny } from '../replay/workers';
import { run } from './main';

// The bundle is also the replay worker's script: a worker thread runs this file and serves tasks instead.
if (!startReplayWorkerIfAny()) {
  registerWorkerScript(__filename);
  run();
}
