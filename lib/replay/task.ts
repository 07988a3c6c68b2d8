import { Engine } from '../engine';
import type { Finding, InvalidEntry } from '../finding';
import { readHistoryFile, readHistoryText } from '../history/read';
import { replay, type ReplaySummary } from '../replay';
import { RULES } from '../../rules';
import { loadStageConfig } from './stage-params';
import { StagedEngine } from './staged-engine';

/** One input of a replay: a local file, or an object whose text was fetched already (`error`: it could not be). */
export interface ReplayTask {
  readonly index: number;
  readonly name: string;
  readonly text?: string;
  readonly error?: string;
}

/** What one task gave, in the order one core would have printed it. */
export interface TaskResult {
  readonly index: number;
  readonly findings: Finding[];
  readonly invalid: InvalidEntry[];
  /** With a stage: each event's findings, for the stage's dedup simulation. */
  readonly events: Finding[][];
  readonly summary: ReplaySummary;
}

/** Everything a worker needs to build the same engine as the command (plain data: it crosses threads). */
export interface EngineSpec {
  readonly ruleIds?: readonly string[];
  readonly publicPorts?: readonly number[];
  readonly ownPrincipals?: readonly string[];
  readonly stage?: string;
  readonly config?: string;
}

export const buildEngine = (spec: EngineSpec): Engine => {
  const rules = spec.ruleIds ? RULES.filter((rule) => spec.ruleIds!.includes(rule.id)) : RULES;
  if (spec.stage !== undefined) return new StagedEngine(rules, loadStageConfig(spec.stage, spec.config).config);
  return new Engine({ rules, ...(spec.publicPorts ? { publicPorts: spec.publicPorts } : {}), ...(spec.ownPrincipals ? { ownPrincipals: spec.ownPrincipals } : {}) });
};

/** Replays one task; the same code on the main thread and in workers, so their output cannot differ. */
export const runTask = (engine: Engine, task: ReplayTask, collectEvents: boolean): TaskResult => {
  const findings: Finding[] = [];
  const invalid: InvalidEntry[] = [];
  const events: Finding[][] = [];
  const summary = replay({
    engine,
    files: [task.name],
    read: (name, visitor) => {
      if (task.error !== undefined) visitor.invalid(name, task.error);
      else if (task.text !== undefined) readHistoryText(task.text, name, visitor);
      else readHistoryFile(name, visitor);
    },
    onFinding: (evaluated) => findings.push(evaluated.finding),
    onInvalid: (entry) => invalid.push(entry),
    ...(collectEvents
      ? { onEvaluation: (evaluation) => evaluation.findings.length > 0 && events.push(evaluation.findings.map((f) => f.finding)) }
      : {}),
  });
  return { index: task.index, findings, invalid, events, summary };
};

/** Adds one task's counts to the run's; categories keep first-seen order, as one pass over the files would. */
export const addSummary = (total: ReplaySummary | undefined, part: ReplaySummary): ReplaySummary => {
  if (total === undefined) return part;
  const byCategory: Record<string, number> = { ...total.byCategory };
  for (const [category, n] of Object.entries(part.byCategory)) byCategory[category] = (byCategory[category] ?? 0) + n;
  return {
    type: 'summary',
    events: total.events + part.events,
    matched: total.matched + part.matched,
    findings: total.findings + part.findings,
    invalid: total.invalid + part.invalid,
    byCategory,
    seconds: total.seconds,
  };
};
