import type { Evaluation } from '../engine';
import type { Finding } from '../finding';
import { StageOutcomes, type StageSummary } from '../replay/stage-outcomes';
import { StageError, loadStageConfig } from '../replay/stage-params';
import { StagedEngine } from '../replay/staged-engine';
import type { RuleDefinition } from '../rule';
import { UsageError } from './args';
import { renderStageTable } from './replay-stage-table';

export interface StageOption {
  /** The stage's engine, compiled on first use (worker threads compile their own). */
  readonly engine: () => StagedEngine;
  readonly onEvaluation: (evaluation: Evaluation) => void;
  /** One event's findings, as worker threads hand them back. */
  readonly addEvent: (findings: readonly Finding[]) => void;
  readonly summary: () => StageSummary;
  readonly table: (summary: StageSummary) => string[];
}

/** `replay --stage NAME [--config FILE]`: everything the command needs for it, kept out of the command itself. */
export const replayStage = (
  values: { stage?: string; config?: string; 'public-ports'?: string; 'own-principal'?: string[]; 'deployment-principal'?: string[] },
  rules: readonly RuleDefinition[],
): StageOption | undefined => {
  if (values.stage === undefined) {
    if (values.config !== undefined) throw new UsageError('--config is the serverless.yml that --stage reads: give --stage too');
    return undefined;
  }
  if (values['public-ports'] !== undefined || values['own-principal'] !== undefined || values['deployment-principal'] !== undefined) {
    throw new UsageError(
      '--stage takes public ports, own principals and deployment principals from the stage: drop --public-ports/--own-principal/--deployment-principal',
    );
  }
  let stage;
  try {
    stage = loadStageConfig(values.stage, values.config);
  } catch (cause) {
    if (cause instanceof StageError) throw new UsageError(cause.message, { cause });
    throw cause;
  }
  const outcomes = new StageOutcomes(stage);
  return {
    engine: () => new StagedEngine(rules, stage.config),
    onEvaluation: (evaluation) => {
      if (evaluation.findings.length > 0) outcomes.addEvent(evaluation.findings.map((evaluated) => evaluated.finding));
    },
    addEvent: (findings) => outcomes.addEvent(findings),
    summary: () => outcomes.summary(),
    table: renderStageTable,
  };
};
