import { AlertDeduper, dedupKey } from '../../lib/alert/dedup';
import type { AlertFinding } from '../../lib/alert/types';
import { defineRule, type Severity } from '../../lib/rule';

// The dedup key and window decide which alerts are repeats; what may never be suppressed is decided by the key.
const rule = defineRule({
  id: 'account.unauthorized-api-call',
  title: 'Unauthorized API call',
  description: 'd',
  category: 'unauthorized-api-call',
  severity: 'MEDIUM',
  status: 'active',
  pattern: { source: ['aws.ec2'] },
  classify: () => null,
  references: { cis: ['4.1'], mitre: ['T1580'] },
});

const alertFinding = (overrides: { actor?: string; severity?: Severity; action?: 'none' | 'revoke-ingress'; resources?: string[] } = {}): AlertFinding => ({
  rule,
  finding: {
    type: 'finding',
    eventId: 'e-1',
    eventName: 'DescribeInstances',
    eventTime: '2026-11-02T09:15:00Z',
    account: '123456789012',
    region: 'us-east-1',
    ruleId: rule.id,
    category: 'unauthorized-api-call',
    severity: overrides.severity ?? 'MEDIUM',
    actor: overrides.actor ?? 'arn:aws:iam::123456789012:user/mallory',
    sourceIp: '203.0.113.9',
    resources: overrides.resources ?? [],
    remediation: { action: overrides.action ?? 'none', status: 'not-applicable', detail: {} },
    summary: 'mallory was denied DescribeInstances',
  },
});

describe('dedupKey', () => {
  test('alert-only findings by the same actor on the same resources share a key', () => {
    expect(dedupKey([alertFinding()])).toBe(dedupKey([alertFinding()]));
  });

  test('another actor or other resources give another key', () => {
    expect(dedupKey([alertFinding({ actor: 'root' })])).not.toBe(dedupKey([alertFinding()]));
    expect(dedupKey([alertFinding({ resources: ['i-1'] })])).not.toBe(dedupKey([alertFinding()]));
  });

  test('resource order does not matter', () => {
    expect(dedupKey([alertFinding({ resources: ['a', 'b'] })])).toBe(dedupKey([alertFinding({ resources: ['b', 'a'] })]));
  });

  test('an event with any remediation, or any CRITICAL finding, always alerts', () => {
    expect(dedupKey([alertFinding(), alertFinding({ action: 'revoke-ingress' })])).toBeUndefined();
    expect(dedupKey([alertFinding({ severity: 'CRITICAL' })])).toBeUndefined();
    expect(dedupKey([])).toBeUndefined();
  });
});

describe('AlertDeduper', () => {
  test('a key is a repeat only after it was remembered, until its window ends', () => {
    // Prepare
    const deduper = new AlertDeduper(15 * 60_000);
    const t0 = Date.parse('2026-11-02T09:00:00Z');

    // Act / Assess
    expect(deduper.isRepeat('k', t0)).toBe(false);
    deduper.remember('k', t0);
    expect(deduper.isRepeat('k', t0 + 14 * 60_000)).toBe(true);
    expect(deduper.isRepeat('k', t0 + 15 * 60_000)).toBe(false);
    expect(deduper.isRepeat('other', t0 + 60_000)).toBe(false);
  });

  test('a window of 0 never suppresses', () => {
    const deduper = new AlertDeduper(0);
    deduper.remember('k', 0);
    expect(deduper.isRepeat('k', 1)).toBe(false);
  });

  test('memory is bounded: the oldest keys are forgotten first', () => {
    const deduper = new AlertDeduper(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) deduper.remember(key, 0);
    expect(['a', 'b', 'c', 'd'].map((key) => deduper.isRepeat(key, 1))).toEqual([false, true, true, true]);
  });
});
