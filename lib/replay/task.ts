import type { Readable } from 'node:stream';
import { DeploymentPrincipals } from '../deployment-principals';
import { OwnPrincipals } from '../own-principals';
import { Engine } from '../engine';
import type { Finding, InvalidEntry } from '../finding';
import { HistoryFilter, type HistoryFilterOptions } from '../history/filter';
import type { HistoryInput } from '../history/read';
import { SeenIds } from '../history/seen-ids';
import { addCounts, replay, type ReplaySummary } from '../replay';
import { selectRules, type RuleRegistry } from '../rule-registry';
import { loadStageConfig } from './stage-params';
import { StagedEngine } from './staged-engine';

/** One input of a replay, as the main thread hands it to a worker (plain data: it crosses threads). */
export interface ReplayTask {
  readonly index: number;
  /** A local path, or the name entries give the input (`s3://bucket/key`, `stdin`). */
  readonly name: string;
  /**
   * Further local files replayed after `name`, in order, as part of this task: small files go several to a task,
   * so a worker thread gets one message and sends one result for all of them.
   */
  readonly more?: readonly string[];
  /** The input's bytes, fetched already (an S3 object's body, gzip or not). */
  readonly bytes?: Uint8Array;
  /** It could not be fetched: one invalid entry naming it, and it counts as a file read. */
  readonly error?: string;
  /** A path the directory walk could not stat or list: one invalid entry, not a file read (as on one core). */
  readonly unreadable?: string;
  /** Stdin: only the main thread can read it. */
  readonly stdin?: boolean;
}

/** A finding or an invalid entry, in the order one core prints them; `event` when it is about one event. */
export interface TaskEntry {
  readonly event: number;
  readonly finding?: Finding;
  readonly invalid?: InvalidEntry;
}

/**
 * What one task gave, event by event, so the main thread can drop what a duplicate eventID from an earlier file
 * gave and sum the rest in input order: the result is then the same as one pass over every file.
 */
export interface TaskResult {
  readonly index: number;
  /** The inputs read (0 for an unreadable path). */
  readonly files: number;
  /** Two 32-bit words per event new to this task (SeenIds fingerprints), in order. */
  readonly ids: Uint32Array;
  /** Per event: KEPT, MATCHED, or FILTERED + the index of the filter's reason in `reasons`. */
  readonly outcomes: Uint8Array;
  readonly reasons: readonly string[];
  readonly entries: readonly TaskEntry[];
  /** With a stage: each event's findings, for the stage's dedup simulation. */
  readonly stageEvents: readonly { readonly event: number; readonly findings: readonly Finding[] }[];
  readonly insights: number;
  /** eventIDs seen twice within this task. */
  readonly duplicates: number;
  /** Inputs known by their content to hold no events (digest files), by reason. */
  readonly skipped: Readonly<Record<string, number>>;
}

const KEPT = 0;
const MATCHED = 1;
const FILTERED = 2;

/** Everything a worker needs to build the same engine and filter as the command. */
export interface EngineSpec {
  readonly ruleIds?: readonly string[];
  readonly publicPorts?: readonly number[];
  readonly ownPrincipals?: readonly string[];
  readonly deploymentPrincipals?: readonly string[];
  readonly stage?: string;
  readonly config?: string;
  readonly filter?: HistoryFilterOptions;
}

/** The engine a spec describes, over the registry's rules (both threads bind the same registry). */
export const buildEngine = (spec: EngineSpec, registry: RuleRegistry): Engine => {
  const rules = selectRules(registry, spec.ruleIds);
  if (spec.stage !== undefined) return new StagedEngine(rules, loadStageConfig(spec.stage, spec.config).config);
  return new Engine({
    rules,
    ...(spec.publicPorts ? { publicPorts: spec.publicPorts } : {}),
    ...(spec.ownPrincipals ? { ownPrincipals: OwnPrincipals.parse(spec.ownPrincipals) } : {}),
    ...(spec.deploymentPrincipals ? { deploymentPrincipals: new DeploymentPrincipals(spec.deploymentPrincipals) } : {}),
  });
};

export const buildFilter = (spec: EngineSpec): HistoryFilter | undefined => {
  const filter = spec.filter ? new HistoryFilter(spec.filter) : undefined;
  return filter?.active ? filter : undefined;
};

/** The input a task names; bytes that crossed a thread arrive as a plain Uint8Array. */
const inputOf = (task: ReplayTask, stdin: Readable | undefined): HistoryInput => {
  if (task.stdin) return { name: task.name, source: stdin ?? process.stdin };
  if (task.bytes) return { name: task.name, source: Buffer.isBuffer(task.bytes) ? task.bytes : Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength) };
  return task.name;
};

/** Replays one task; the same code on the main thread and in workers, so their output cannot differ. */
export const runTask = async (
  engine: Engine,
  task: ReplayTask,
  options: { filter?: HistoryFilter; collectStage: boolean; stdin?: Readable },
): Promise<TaskResult> => {
  const entries: TaskEntry[] = [];
  const stageEvents: { event: number; findings: Finding[] }[] = [];
  const ids: number[] = [];
  const outcomes: number[] = [];
  const reasons: string[] = [];
  if (task.unreadable !== undefined) {
    const invalid: InvalidEntry = { type: 'invalid', source: task.name, reason: task.unreadable };
    return { index: task.index, files: 0, ids: new Uint32Array(0), outcomes: new Uint8Array(0), reasons, entries: [{ event: -1, invalid }], stageEvents, insights: 0, duplicates: 0, skipped: {} };
  }
  const summary = await replay({
    engine,
    files: task.more ? [task.name, ...task.more] : [inputOf(task, options.stdin)],
    ...(options.filter ? { filter: options.filter } : {}),
    ...(task.error !== undefined ? { read: async (input, visitor) => visitor.invalid(typeof input === 'string' ? input : input.name, task.error!) } : {}),
    onEventId: (_eventId, filtered, h1, h2) => {
      ids.push(h1, h2);
      if (filtered === undefined) {
        outcomes.push(KEPT);
        return;
      }
      let reason = reasons.indexOf(filtered);
      if (reason === -1) reason = reasons.push(filtered) - 1;
      outcomes.push(FILTERED + reason);
    },
    onFinding: (evaluated, event) => entries.push({ event, finding: evaluated.finding }),
    onInvalid: (invalid, event) => entries.push({ event: event ?? -1, invalid }),
    onEvaluation: (evaluation, event) => {
      outcomes[event] = MATCHED;
      if (options.collectStage && evaluation.findings.length > 0) stageEvents.push({ event, findings: evaluation.findings.map((f) => f.finding) });
    },
  });
  return {
    index: task.index,
    files: summary.files,
    ids: Uint32Array.from(ids),
    outcomes: Uint8Array.from(outcomes),
    reasons,
    entries,
    stageEvents,
    insights: summary.insights,
    duplicates: summary.duplicates,
    skipped: summary.skipped,
  };
};

/** Where merged results go, in input order. */
export interface MergeSink {
  readonly finding: (finding: Finding) => void;
  readonly invalid: (entry: InvalidEntry) => void;
  readonly stageEvent?: (findings: readonly Finding[]) => void;
}

/**
 * Takes task results in input order and gives what one pass over the same inputs gives: an event whose eventID an
 * earlier task already had is a duplicate, and what its own task reported about it is dropped.
 */
export class TaskMerger {
  private readonly seen = new SeenIds();
  private files = 0;
  private events = 0;
  private matched = 0;
  private findings = 0;
  private invalid = 0;
  private insights = 0;
  private duplicates = 0;
  private readonly filtered: Record<string, number> = {};
  private readonly skipped: Record<string, number> = {};
  private readonly byCategory: Record<string, number> = {};

  public constructor(private readonly sink: MergeSink) {}

  public add(result: TaskResult): void {
    this.files += result.files;
    this.insights += result.insights;
    this.duplicates += result.duplicates;
    addCounts(this.skipped, result.skipped);
    const { ids, outcomes } = result;
    const duplicate = new Uint8Array(outcomes.length);
    for (let event = 0; event < outcomes.length; event++) {
      if (!this.seen.addFingerprint(ids[event * 2]!, ids[event * 2 + 1]!)) {
        duplicate[event] = 1;
        this.duplicates++;
        continue;
      }
      const outcome = outcomes[event]!;
      if (outcome >= FILTERED) {
        const reason = result.reasons[outcome - FILTERED]!;
        this.filtered[reason] = (this.filtered[reason] ?? 0) + 1;
        continue;
      }
      this.events++;
      if (outcome === MATCHED) this.matched++;
    }
    // Events from other sources than CloudTrail have ids too but no rule reads them: they are KEPT, never MATCHED.
    for (const entry of result.entries) {
      if (entry.event >= 0 && duplicate[entry.event]) continue;
      if (entry.finding) {
        this.findings++;
        const { category } = entry.finding;
        this.byCategory[category] = (this.byCategory[category] ?? 0) + 1;
        this.sink.finding(entry.finding);
      } else if (entry.invalid) {
        this.invalid++;
        this.sink.invalid(entry.invalid);
      }
    }
    if (this.sink.stageEvent) for (const { event, findings } of result.stageEvents) if (!duplicate[event]) this.sink.stageEvent(findings);
  }

  public summary(skipped: Readonly<Record<string, number>>, seconds: number): ReplaySummary {
    return {
      type: 'summary',
      files: this.files,
      events: this.events,
      matched: this.matched,
      findings: this.findings,
      invalid: this.invalid,
      insights: this.insights,
      duplicates: this.duplicates,
      filtered: { ...this.filtered },
      skipped: addCounts({ ...skipped }, this.skipped),
      byCategory: { ...this.byCategory },
      seconds,
    };
  }
}
