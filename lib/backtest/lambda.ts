import { loadConfig } from '../config';
import { ConfigError } from '../errors';
import { historyS3Client } from '../history/s3';
import { logger } from '../lambda/powertools';
import { StagedEngine } from '../replay/staged-engine';
import type { RuleDefinition } from '../rule';
import { selectRules } from '../rule-registry';
import { BACKTEST_ENV, type MergeEvent, type WorkerEvent } from './layout';
import { mergeRun } from './merge';
import { runBatch } from './worker';

export { BACKTEST_ENV };

const resultsBucket = (env: NodeJS.ProcessEnv): string => {
  const bucket = env[BACKTEST_ENV.resultsBucket]?.trim();
  if (!bucket) throw new ConfigError(BACKTEST_ENV.resultsBucket, 'is not set');
  return bucket;
};

/** A configuration the function cannot run with: logged as the responders log it, then thrown (the batch fails). */
const coldStart = <T>(init: () => T): T => {
  try {
    return init();
  } catch (error) {
    logger.critical('invalid configuration: cold start stopped', { error: error as Error });
    throw error;
  }
};

/**
 * The worker: each batch replayed by the stage's engine as its responders would run it (the same cold-start
 * config: mode, public ports, exceptions, own and deployment principals), so a backtest says what this stage
 * would have done. One engine per rule selection, kept for the container's life.
 */
export const backtestWorkerHandler = (rules: readonly RuleDefinition[], env: NodeJS.ProcessEnv = process.env) => {
  let shared: { config: ReturnType<typeof loadConfig>; s3: ReturnType<typeof historyS3Client>; bucket: string } | undefined;
  const engines = new Map<string, StagedEngine>();
  return async (event: WorkerEvent) => {
    shared ??= coldStart(() => ({ config: loadConfig(env), s3: historyS3Client(), bucket: resultsBucket(env) }));
    const ruleIds = event?.BatchInput?.spec?.ruleIds;
    const selection = JSON.stringify(ruleIds ?? []);
    let engine = engines.get(selection);
    if (!engine) {
      const unknown = (ruleIds ?? []).filter((id) => !rules.some((rule) => rule.id === id));
      if (unknown.length > 0) throw new Error(`backtest batch: unknown rule id ${unknown.join(', ')} (the CLI and the deployed stage have different rules)`);
      engine = new StagedEngine(selectRules({ rules }, ruleIds), shared.config);
      engines.set(selection, engine);
    }
    const result = await runBatch(event, { s3: shared.s3, engine, resultsBucket: shared.bucket });
    logger.info('backtest batch replayed', { run: event.BatchInput.run, prefixIndex: event.BatchInput.index, objects: event.Items.length, ...result });
    return result;
  };
};

/** The merge step: every batch's partial into the run's results.ndjson. */
export const backtestMergeHandler = (env: NodeJS.ProcessEnv = process.env) => {
  let shared: { s3: ReturnType<typeof historyS3Client>; bucket: string } | undefined;
  return async (event: MergeEvent) => {
    shared ??= coldStart(() => ({ s3: historyS3Client(), bucket: resultsBucket(env) }));
    const result = await mergeRun(event, { s3: shared.s3, resultsBucket: shared.bucket });
    logger.info('backtest merged', { run: event.run, ...result });
    return result;
  };
};
