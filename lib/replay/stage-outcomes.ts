import { alertCandidate, simulateAlerts, type AlertCandidate } from '../alert/dedup-window';
import type { Finding } from '../finding';
import { severityRank } from '../rule';
import type { StageConfig } from './stage-params';

/** What a stage would have done on one UTC day. */
export interface StageDay {
  readonly day: string;
  /** Remediations the stage would have run (planned, not excepted, enforce mode, active rule). */
  readonly reverts: number;
  /** Alerts published (one per event, after dedup). */
  readonly alerts: number;
  /** Repeats folded into a digest instead of alerting. */
  readonly suppressed: number;
  /** Digests sent as dedup windows closed. */
  readonly digests: number;
  /** Alerts and digests at smsMinSeverity or above, when the stage has an SMS subscription. */
  readonly sms: number;
}

/** The `stage` object of the replay summary. */
export interface StageSummary {
  readonly stage: string;
  readonly mode: string;
  readonly publicPorts: readonly number[];
  readonly exceptions: number;
  readonly smsMinSeverity: string;
  readonly smsSubscribed: boolean;
  readonly alertDedupMinutes: number;
  readonly totals: Omit<StageDay, 'day'>;
  readonly days: readonly StageDay[];
}

const dayOf = (at: number): string => (Number.isFinite(at) && at > 0 ? new Date(at).toISOString().slice(0, 10) : 'unknown');

/**
 * Collects, per event, what the stage decides (one alert candidate per event with findings, reverts per finding),
 * then simulates dedup over the whole history in event-time order: files need not be read in time order.
 */
export class StageOutcomes {
  private readonly candidates: AlertCandidate[] = [];
  private readonly reverts = new Map<string, number>();

  public constructor(private readonly stage: StageConfig) {}

  public addEvent(findings: readonly Finding[]): void {
    const candidate = alertCandidate(findings);
    if (candidate === undefined) return;
    this.candidates.push(candidate);
    for (const finding of findings) {
      if (finding.remediation.action !== 'none' && finding.remediation.status === 'planned') {
        const day = dayOf(candidate.at);
        this.reverts.set(day, (this.reverts.get(day) ?? 0) + 1);
      }
    }
  }

  public summary(): StageSummary {
    const { config, sms } = this.stage;
    const days = new Map<string, { reverts: number; alerts: number; suppressed: number; digests: number; sms: number }>();
    const of = (day: string) => {
      let entry = days.get(day);
      if (!entry) days.set(day, (entry = { reverts: 0, alerts: 0, suppressed: 0, digests: 0, sms: 0 }));
      return entry;
    };
    for (const [day, n] of this.reverts) of(day).reverts += n;
    const smsRank = severityRank(config.smsMinSeverity);
    for (const send of simulateAlerts(this.candidates, config.alertDedupMinutes * 60_000)) {
      const entry = of(dayOf(send.at));
      if (send.kind === 'suppressed') {
        entry.suppressed++;
        continue;
      }
      if (send.kind === 'alert') entry.alerts++;
      else entry.digests++;
      if (sms && severityRank(send.severity) >= smsRank) entry.sms++;
    }
    const list = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, counts]) => ({ day, ...counts }));
    const totals = { reverts: 0, alerts: 0, suppressed: 0, digests: 0, sms: 0 };
    for (const day of list) for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += day[key];
    return {
      stage: config.stage,
      mode: config.mode,
      publicPorts: config.publicPorts,
      exceptions: config.exceptions.size,
      smsMinSeverity: config.smsMinSeverity,
      smsSubscribed: sms,
      alertDedupMinutes: config.alertDedupMinutes,
      totals,
      days: list,
    };
  }
}
