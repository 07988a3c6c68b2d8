import type { AlertFinding } from './types';

/**
 * Alert-storm suppression inside one warm Lambda container. An attacker enumerating with denied calls, or a root
 * session making fifty calls, would otherwise page someone fifty times: repeats of an alert-only event with the same
 * rules, actor, account and resources within the window are suppressed (and counted as AlertsSuppressed) after
 * the first one went out.
 *
 * Never suppressed: an event where trailguard did, or would have done, something (any remediation, whatever its
 * outcome), and any CRITICAL finding. State lives in the container, so a burst spread over several concurrent
 * containers can still alert once per container.
 */
export class AlertDeduper {
  /** Key → the instant its window ends; Map order is insertion order, so the first key is the oldest. */
  private readonly windows = new Map<string, number>();

  public constructor(
    public readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when an alert with this key went out within the window. */
  public isRepeat(key: string, now: number): boolean {
    if (this.windowMs <= 0) return false;
    const until = this.windows.get(key);
    return until !== undefined && until > now;
  }

  /**
   * Opens the window for a key, once its alert was actually published: if publishing failed, the event is retried
   * and its alert must not be taken for a repeat of itself.
   */
  public remember(key: string, now: number): void {
    if (this.windowMs <= 0) return;
    this.windows.delete(key);
    this.windows.set(key, now + this.windowMs);
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
  }
}

/** What makes two alerts repeats of each other, or undefined for alerts that must always go out. */
export const dedupKey = (findings: readonly AlertFinding[]): string | undefined => {
  if (findings.length === 0) return undefined;
  for (const { finding } of findings) {
    if (finding.remediation.action !== 'none' || finding.severity === 'CRITICAL') return undefined;
  }
  return findings
    .map(({ finding }) => [finding.ruleId, finding.account, finding.actor, [...finding.resources].sort().join(',')].join('|'))
    .sort()
    .join('\n');
};
