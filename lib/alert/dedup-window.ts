import type { Finding } from '../finding';
import { severityRank, type Severity } from '../rule';

/**
 * Alert dedup as pure transitions over one window per key, so the same rules serve replay (which simulates a
 * whole history) and a live store (which keeps one window record per key, in memory or in a table).
 *
 * A repeat is an event whose alert key (rule, actor, account, resources, eventName and severity of each of its
 * findings) equals that of an alert sent less than the window ago. Repeats are suppressed and counted; when the
 * window closes with suppressed repeats, one digest goes out. An event with a remediation has no key: it always
 * alerts. A higher severity or another eventName is another key, so it alerts too. Findings a deployment
 * principal's routine change lowered (lib/deployment-noise.ts) share one key per principal and account.
 */
export interface DedupWindow {
  readonly key: string;
  /** The alert that opened the window. */
  readonly eventId: string;
  readonly severity: Severity;
  readonly opensAt: number;
  readonly closesAt: number;
  /** Repeats suppressed so far in this window. */
  readonly suppressed: number;
  /** The first and the last repeat suppressed in this window (absent while none was). */
  readonly firstRepeat?: DedupRepeat;
  readonly lastRepeat?: DedupRepeat;
  /** The digest of the previous window, sent with this window's opening alert (and again if that is retried). */
  readonly openedWith?: DedupDigest;
}

/** One suppressed repeat, as a digest names it. */
export interface DedupRepeat {
  readonly eventId: string;
  readonly at: number;
}

/** One digest: the repeats a closed window suppressed, sent once when it closes. */
export interface DedupDigest {
  readonly key: string;
  /** The alert that opened the window. */
  readonly eventId: string;
  readonly severity: Severity;
  /** When the window closed. */
  readonly at: number;
  readonly opensAt: number;
  readonly suppressed: number;
  /** The first and last suppressed repeats: how long the repeating went on, and where to look in CloudTrail. */
  readonly firstRepeat: DedupRepeat;
  readonly lastRepeat: DedupRepeat;
}

export interface DedupStep {
  readonly alert: boolean;
  /** The key's window after this event (undefined: nothing to keep). */
  readonly window: DedupWindow | undefined;
  /** The previous window closed before this event with repeats in it. */
  readonly digest?: DedupDigest;
}

/** What one event contributes to alerting: its findings decide key and severity. */
export interface AlertCandidate {
  readonly eventId: string;
  readonly at: number;
  /** undefined: the event always alerts (it has a remediation). */
  readonly key: string | undefined;
  readonly severity: Severity;
}

/** The digest a window owes once it has closed by `now`, if any repeats were suppressed in it. */
export const closedDigest = (window: DedupWindow | undefined, now: number): DedupDigest | undefined => {
  if (window === undefined || window.suppressed <= 0 || window.closesAt > now) return undefined;
  // dedupStep records both with the first repeat; the opener stands in should a stored window lack them.
  const opener = { eventId: window.eventId, at: window.opensAt };
  return {
    key: window.key,
    eventId: window.eventId,
    severity: window.severity,
    at: window.closesAt,
    opensAt: window.opensAt,
    suppressed: window.suppressed,
    firstRepeat: window.firstRepeat ?? opener,
    lastRepeat: window.lastRepeat ?? window.firstRepeat ?? opener,
  };
};

/**
 * Decides one event against its key's current window. `windowMs` 0 turns dedup off. Pure: the caller stores the
 * returned window (live: with a conditional write, so racing containers agree on one window and alert once).
 *
 * Two cases only a live store meets, decided here so replay and the live path stay one definition:
 * - the event that opened the window, seen again, alerts again with the digest it carried: it is being retried
 *   because its alert may not have gone out (a duplicate delivery of a handled event never gets this far);
 * - an event older than the window's opener (deliveries are not in event-time order) falls in that window, its
 *   key having alerted moments ago; one older than that by more than a window alerts on its own and leaves the
 *   window as it is. Replay sorts by event time, so none of this changes its simulation.
 */
export const dedupStep = (previous: DedupWindow | undefined, candidate: AlertCandidate, windowMs: number): DedupStep => {
  if (candidate.key === undefined || windowMs <= 0) return { alert: true, window: previous };
  const sameKey = previous !== undefined && previous.key === candidate.key;
  // Much older than the window (a dead-lettered event redriven days later): nothing recent to be a repeat of, and
  // the newer window must not be replaced by an older one.
  if (sameKey && candidate.at < previous.opensAt - windowMs) return { alert: true, window: previous };
  if (sameKey && candidate.at < previous.closesAt) {
    if (candidate.eventId === previous.eventId) {
      return { alert: true, window: previous, ...(previous.openedWith ? { digest: previous.openedWith } : {}) };
    }
    // A retried repeat was counted the first time.
    if (candidate.eventId === previous.lastRepeat?.eventId) return { alert: false, window: previous };
    const repeat = { eventId: candidate.eventId, at: candidate.at };
    return {
      alert: false,
      window: { ...previous, suppressed: previous.suppressed + 1, firstRepeat: previous.firstRepeat ?? repeat, lastRepeat: repeat },
    };
  }
  const digest = closedDigest(previous, candidate.at);
  const window: DedupWindow = {
    key: candidate.key,
    eventId: candidate.eventId,
    severity: candidate.severity,
    opensAt: candidate.at,
    closesAt: candidate.at + windowMs,
    suppressed: 0,
    ...(digest ? { openedWith: digest } : {}),
  };
  return { alert: true, window, ...(digest ? { digest } : {}) };
};

/** Marks the key part of a finding lowered for a deployment principal (one window per principal and account). */
const DEPLOYMENT_KEY = 'deployment';

/** A key made only of deployment parts: its repeats are any routine change by that principal, not one call. */
export const isDeploymentKey = (key: string): boolean => key.split('\n').every((part) => part.startsWith(`${DEPLOYMENT_KEY}|`));

/** The alert key of one event's findings, or undefined when the event must always alert. */
export const alertCandidate = (findings: readonly Finding[]): AlertCandidate | undefined => {
  const first = findings[0];
  if (first === undefined) return undefined;
  let severity = first.severity;
  let remediation = false;
  const parts: string[] = [];
  for (const finding of findings) {
    if (severityRank(finding.severity) > severityRank(severity)) severity = finding.severity;
    if (finding.remediation.action !== 'none') remediation = true;
    parts.push(
      finding.lowered
        ? // A deployment principal's routine changes: one window per principal and account, whatever the rule,
          // resource, call or session, so an infrastructure-as-code run is one alert and then one digest.
          [DEPLOYMENT_KEY, finding.lowered.by, finding.account, finding.severity].join('|')
        : [finding.ruleId, finding.actor, finding.account, [...finding.resources].sort().join(','), finding.eventName, finding.severity].join('|'),
    );
  }
  const at = Date.parse(first.eventTime);
  return {
    eventId: first.eventId,
    at: Number.isNaN(at) ? 0 : at,
    key: remediation ? undefined : parts.sort().join('\n'),
    severity,
  };
};

export type AlertSend =
  | { readonly kind: 'alert'; readonly at: number; readonly eventId: string; readonly severity: Severity }
  | { readonly kind: 'suppressed'; readonly at: number; readonly eventId: string; readonly severity: Severity }
  | { readonly kind: 'digest'; readonly at: number; readonly eventId: string; readonly severity: Severity; readonly suppressed: number };

/**
 * What a stage would send for a history: each event's alert or suppression and the digests closed windows owe,
 * in time order (ties keep input order). Windows still open at the end owe their digest when they close.
 */
export const simulateAlerts = (candidates: readonly AlertCandidate[], windowMs: number): AlertSend[] => {
  const ordered = candidates.map((candidate, index) => ({ candidate, index })).sort((a, b) => a.candidate.at - b.candidate.at || a.index - b.index);
  const windows = new Map<string, DedupWindow>();
  const sends: AlertSend[] = [];
  for (const { candidate } of ordered) {
    const previous = candidate.key === undefined ? undefined : windows.get(candidate.key);
    const step = dedupStep(previous, candidate, windowMs);
    if (step.digest) sends.push({ kind: 'digest', ...step.digest });
    if (step.window !== undefined) windows.set(step.window.key, step.window);
    const { at, eventId, severity } = candidate;
    sends.push({ kind: step.alert ? 'alert' : 'suppressed', at, eventId, severity });
  }
  for (const window of windows.values()) {
    const digest = closedDigest(window, Number.POSITIVE_INFINITY);
    if (digest) sends.push({ kind: 'digest', ...digest });
  }
  return sends.sort((a, b) => a.at - b.at);
};
