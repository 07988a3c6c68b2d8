import { backtestMergeHandler } from '../lib/backtest/lambda';

/** Distributed backtest: merges every batch's partial into the run's results.ndjson. */
export const handler = backtestMergeHandler();
