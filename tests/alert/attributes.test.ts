import { alertAttributes, attributeToken, maxSeverity, stringArray } from '../../lib/alert/attributes';
import { OUTCOME_ORDER, mostImportantOutcome } from '../../lib/alert/outcome';
import { renderAlert } from '../../lib/alert/render';
import type { AlertFinding } from '../../lib/alert/types';
import type { RemediationStatus } from '../../lib/finding';
import { rootAccessKeyAlert, sgOpenAlert } from './fixtures';

describe('message attributes', () => {
  test('one finding: severity, category and ruleId arrays, account, outcome', () => {
    // Act
    const { attributes } = renderAlert(sgOpenAlert('applied'));

    // Assess
    expect(attributes).toStrictEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      category: { DataType: 'String.Array', StringValue: '["sg-open-ingress"]' },
      ruleId: { DataType: 'String.Array', StringValue: '["ec2.sg-open-ingress"]' },
      account: { DataType: 'String', StringValue: '123456789012' },
      outcome: { DataType: 'String', StringValue: 'applied' },
    });
  });

  test('several findings: the max severity, and every distinct category and rule id', () => {
    // Act
    const attributes = alertAttributes(rootAccessKeyAlert());

    // Assess
    expect(attributes.severity).toEqual({ DataType: 'String', StringValue: 'CRITICAL' });
    expect(JSON.parse(attributes.category!.StringValue)).toEqual(['root-activity', 'root-access-key']);
    expect(JSON.parse(attributes.ruleId!.StringValue)).toEqual(['account.root-activity', 'iam.root-access-key']);
    expect(attributes.outcome!.StringValue).toBe('none');
  });

  test('String.Array values are JSON arrays of distinct, plain tokens', () => {
    // Act / Assess
    expect(stringArray(['sg-change', 'sg-open-ingress', 'sg-change'])).toBe('["sg-change","sg-open-ingress"]');
    expect(stringArray(['a"b\\c\n'])).toBe('["abc"]');
  });

  test('max severity follows LOW < MEDIUM < HIGH < CRITICAL', () => {
    expect(maxSeverity(['LOW', 'HIGH', 'MEDIUM'])).toBe('HIGH');
    expect(maxSeverity(['MEDIUM', 'CRITICAL', 'LOW'])).toBe('CRITICAL');
    expect(maxSeverity(['LOW'])).toBe('LOW');
  });

  test('values are never empty and carry no characters filter policies would need escaped', () => {
    // Prepare
    const base = sgOpenAlert('applied');
    const record = { ...base.record, recipientAccountId: '"\n', userIdentity: {} };

    // Act
    const { attributes } = renderAlert({ ...base, record });

    // Assess
    expect(attributes.account).toEqual({ DataType: 'String', StringValue: 'unknown' });
    expect(attributeToken('123456789012\u202e')).toBe('123456789012');
    for (const { StringValue } of Object.values(attributes)) expect(StringValue.length).toBeGreaterThan(0);
  });

  test('outcome is the most important: failed > applied > dry-run > planned > excepted > already-compliant > not-applicable > none', () => {
    // Prepare
    const [template] = sgOpenAlert('applied').findings;
    const withStatus = (status: RemediationStatus, action: 'revoke-ingress' | 'none' = 'revoke-ingress'): AlertFinding => ({
      ...template!,
      finding: { ...template!.finding, remediation: { action, status, detail: {} } },
    });

    // Act / Assess
    expect(OUTCOME_ORDER).toEqual(['failed', 'applied', 'dry-run', 'planned', 'not-planned', 'excepted', 'already-compliant', 'not-applicable', 'none']);
    expect(mostImportantOutcome([withStatus('already-compliant'), withStatus('failed'), withStatus('applied')])).toBe('failed');
    expect(mostImportantOutcome([withStatus('excepted'), withStatus('dry-run')])).toBe('dry-run');
    expect(mostImportantOutcome([withStatus('not-applicable'), withStatus('excepted')])).toBe('excepted');
    expect(mostImportantOutcome([withStatus('not-applicable', 'none')])).toBe('none');
    expect(mostImportantOutcome([withStatus('not-applicable', 'none'), withStatus('not-applicable')])).toBe('not-applicable');
  });
});
