import { TrailguardError } from '../errors';
import type { HistoryFilterOptions } from '../history/filter';

/*
 * What crosses between the CLI, the state machine, the worker and the merge step of a distributed backtest, and
 * where each writes in the results bucket. Plain data and key names only: no SDK here.
 */

/** The results bucket, set on the backtest functions only (lib/backtest-deploy.ts). */
export const BACKTEST_ENV = { resultsBucket: 'TRAILGUARD_BACKTEST_RESULTS_BUCKET' } as const;

/** What the engine of every batch needs besides the stage's own params (which the worker reads at cold start). */
export interface BacktestSpec {
  readonly ruleIds?: readonly string[];
  readonly filter?: HistoryFilterOptions;
}

/** The state machine's execution input, as the CLI writes it. */
export interface BacktestInput {
  /** The CloudTrail bucket (the one the stage's backtestTrailBucket param names). */
  readonly bucket: string;
  /** The results-bucket key of the JSON array of prefixes the outer map reads (one ItemReader per prefix). */
  readonly prefixesKey: string;
  readonly spec: BacktestSpec;
}

/** One batch, as the inner Distributed Map's ItemBatcher hands it to the worker. */
export interface WorkerEvent {
  readonly BatchInput: {
    /** The top execution's name: every batch of one run writes under it. */
    readonly run: string;
    /** The prefix's position in the CLI's list, so batches merge in listing order. */
    readonly index: number;
    readonly bucket: string;
    readonly spec: BacktestSpec;
  };
  /** ListObjectsV2 entries (Key, Size, Etag, LastModified, StorageClass); only Key is read. */
  readonly Items: readonly { readonly Key: string }[];
}

/** The merge step's input. */
export interface MergeEvent {
  readonly run: string;
  /** $$.Execution.StartTime: the summary's seconds run from there. */
  readonly started?: string;
}

export interface MergeOutput {
  readonly bucket: string;
  readonly key: string;
  readonly batches: number;
  /** Finding and invalid lines in the results. */
  readonly lines: number;
}

/** Where the CLI puts the prefix list of a run. */
export const prefixesKey = (run: string): string => `runs/${run}/prefixes.json`;
/** Under which key the batches of a run write their partials; key order is listing order. */
export const partialsPrefix = (run: string): string => `runs/${run}/partials/`;
export const partialKey = (run: string, index: number, firstKey: string): string =>
  `${partialsPrefix(run)}${String(index).padStart(7, '0')}/${firstKey}.partial.json`;
/** The merged ndjson: every finding and invalid line, then the summary line, as `replay --format ndjson` prints. */
export const resultsKey = (run: string): string => `runs/${run}/results.ndjson`;
/** Where the maps' ResultWriter puts its manifests and failed-batch records. */
export const MAP_RESULTS_PREFIX = 'map-runs';

/** A distributed run did not succeed, or its results cannot be read: nothing to report (the CLI exits 3). */
export class BacktestRunError extends TrailguardError {
  public override readonly name = 'BacktestRunError';
}
