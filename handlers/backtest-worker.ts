import { backtestWorkerHandler } from '../lib/backtest/lambda';
import { RULES } from '../rules';

/** Distributed backtest: replays one batch of CloudTrail objects and writes its partial to the results bucket. */
export const handler = backtestWorkerHandler(RULES);
