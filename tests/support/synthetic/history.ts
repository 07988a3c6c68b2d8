import { CATEGORIES, type Category } from '../../../lib/rule';
import { actorTable, backgroundCall, routineSignIn, type Labelled } from './background';
import { createFleet, type AccountName, type Fleet } from './fleet';
import { Rng } from './prng';
import { Recorder } from './record-factory';
import { scenarioIndex, type Scenario } from './security-events';
import { groupIntoLogFiles, type LogFile } from './writers';

/**
 * A long, realistic history generated window by window (CloudTrail's five-minute delivery windows), so a
 * benchmark of any size streams: each window's records are built, grouped into log files and handed out, and
 * nothing older is kept.
 */
export interface HistoryOptions {
  readonly seed: number;
  /** Stop after the window in which this many records have been produced. */
  readonly records: number;
  /** Upper bound per log file; the busiest account/region fills files to about this size. */
  readonly recordsPerFile: number;
  readonly start: number;
  /** Share of records replaced by planted security events or their near misses. */
  readonly injectRate: number;
  /** Share of background calls denied (AccessDenied / UnauthorizedOperation). */
  readonly unauthorizedRate: number;
}

export const DEFAULT_HISTORY: Omit<HistoryOptions, 'seed' | 'records'> = {
  recordsPerFile: 250,
  start: Date.UTC(2026, 10, 2, 0, 0, 0),
  injectRate: 0.002,
  unauthorizedRate: 0.002,
};

/** What was planted, to compare a replay against. */
export interface HistoryTally {
  records: number;
  injected: number;
  nearMisses: number;
  /** Expected findings per category (a record may count in several). */
  readonly expected: Record<Category, number>;
}

const WINDOW = 300_000;
/** Account shares of the organisation's traffic. */
const ACCOUNT_SHARE: Readonly<Record<AccountName, number>> = { prod: 0.55, dev: 0.27, security: 0.18 };

/** Quiet nights and weekends, busy working hours (UTC, roughly a European and US day). */
export const activityAt = (time: number): number => {
  const date = new Date(time);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const day = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 16));
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.7 : 1;
  return (0.5 + 0.5 * day) * weekend;
};

export function* generateHistory(options: HistoryOptions, tally: HistoryTally, fleet: Fleet = createFleet(options.seed)): Generator<LogFile> {
  const rng = new Rng(`history:${options.seed}`);
  const recorder = new Recorder(rng.fork('records'), `bench:${options.seed}`);
  const fileRng = rng.fork('files');
  const scenarios = scenarioIndex();
  const categories = [...scenarios.keys()];
  const streams = Object.values(fleet.accounts).flatMap((world) =>
    world.regions.map(([share, region]) => ({ world, region, weight: ACCOUNT_SHARE[world.name] * share, actors: actorTable(world, region) })),
  );
  const heaviest = Math.max(...streams.map((stream) => stream.weight));
  const people = Object.values(fleet.accounts).flatMap((world) => world.actors.filter((a) => a.kind === 'sso-user' || (a.kind === 'iam-user' && a.agent.kind === 'console')));

  const record = (labelled: Labelled, into: Labelled[]): void => {
    into.push(labelled);
    for (const category of labelled.expect) tally.expected[category]++;
  };
  const inject = (stream: (typeof streams)[number], time: number, into: Labelled[]): void => {
    const entry = scenarios.get(rng.pick(categories))!;
    const nearMiss = rng.chance(0.5) && entry.nearMiss.length > 0;
    const scenario: Scenario = rng.pick(nearMiss ? entry.nearMiss : entry.positive);
    for (const labelled of scenario.build({ recorder, fleet, world: stream.world, region: stream.region, time })) record(labelled, into);
    tally.injected++;
    if (nearMiss) tally.nearMisses++;
  };

  for (let windowStart = options.start; tally.records < options.records; windowStart += WINDOW) {
    const level = activityAt(windowStart);
    const window: Labelled[] = [];
    for (const stream of streams) {
      if (stream.actors.length === 0) continue;
      // Square root: small regions still fill files of tens of records, as automation keeps every region busy.
      const mean = 0.8 * options.recordsPerFile * Math.sqrt(stream.weight / heaviest) * level;
      const count = Math.round(mean * (0.7 + 0.6 * rng.next()));
      let produced = 0;
      while (produced < count) {
        // People and workloads act in bursts: one principal makes several calls in a row.
        const actor = rng.weighted(stream.actors);
        const burst = Math.min(count - produced, 1 + Math.floor(rng.exponential(4)));
        for (let i = 0; i < burst; i++, produced++) {
          const time = windowStart + Math.floor(rng.next() * WINDOW);
          if (rng.chance(options.injectRate)) inject(stream, time, window);
          else record(backgroundCall(recorder, fleet, stream.world, actor, time, stream.region, options), window);
        }
      }
    }
    // Morning sign-ins: people open the console a few times a day.
    if (rng.chance(0.25 * level)) record(routineSignIn(recorder, rng.pick(people), windowStart + Math.floor(rng.next() * WINDOW)), window);
    tally.records += window.length;
    yield* groupIntoLogFiles(
      window.map((labelled) => labelled.record),
      fileRng,
      options.recordsPerFile,
    );
  }
}

export const emptyTally = (): HistoryTally => ({
  records: 0,
  injected: 0,
  nearMisses: 0,
  expected: Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>,
});
