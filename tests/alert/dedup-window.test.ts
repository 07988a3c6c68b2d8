import { alertCandidate, simulateAlerts } from '../../lib/alert/dedup-window';
import type { Finding } from '../../lib/finding';
import type { Severity } from '../../lib/rule';

// Replay's dedup simulation: repeats fold into one digest per closed window; escalations and reverts always alert.
const finding = (minute: number, overrides: { severity?: Severity; eventName?: string; action?: 'none' | 'revoke-ingress'; id?: string } = {}): Finding => ({
  type: 'finding',
  eventId: overrides.id ?? `e-${minute}`,
  eventName: overrides.eventName ?? 'DescribeInstances',
  eventTime: new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString(),
  account: '123456789012',
  region: 'us-east-1',
  ruleId: 'account.unauthorized-api-call',
  category: 'unauthorized-api-call',
  severity: overrides.severity ?? 'MEDIUM',
  actor: 'arn:aws:iam::123456789012:user/mallory',
  sourceIp: '192.0.2.10',
  resources: [],
  remediation: { action: overrides.action ?? 'none', status: 'planned', detail: {} },
  summary: 's',
});

const WINDOW = 15 * 60_000;
const run = (findings: Finding[], windowMs = WINDOW) =>
  simulateAlerts(findings.map((f) => alertCandidate([f])!), windowMs).map((send) => `${send.kind}:${send.eventId}${send.kind === 'digest' ? `x${send.suppressed}` : ''}`);

describe('dedup simulation', () => {
  it('suppresses repeats within the window and sends one digest when it closes', () => {
    // Prepare: a burst of three identical denied calls, then the same call after the window.
    const events = [finding(0), finding(1), finding(5), finding(20)];

    // Act
    const sends = run(events);

    // Assess
    expect(sends).toEqual(['alert:e-0', 'suppressed:e-1', 'suppressed:e-5', 'digest:e-0x2', 'alert:e-20']);
  });

  it('alerts on a higher severity, another eventName and any event with a remediation', () => {
    const events = [
      finding(0),
      finding(1, { severity: 'HIGH' }),
      finding(2, { eventName: 'ListBuckets' }),
      finding(3, { action: 'revoke-ingress' }),
      finding(4, { action: 'revoke-ingress' }),
    ];

    const sends = run(events);

    expect(sends).toEqual(['alert:e-0', 'alert:e-1', 'alert:e-2', 'alert:e-3', 'alert:e-4']);
  });

  it('orders by event time whatever order the history was read in, and owes a digest for a window open at the end', () => {
    const sends = run([finding(3), finding(0), finding(1)]);

    expect(sends).toEqual(['alert:e-0', 'suppressed:e-1', 'suppressed:e-3', 'digest:e-0x2']);
  });

  it('sends every alert when the window is 0', () => {
    expect(run([finding(0), finding(1)], 0)).toEqual(['alert:e-0', 'alert:e-1']);
  });
});
