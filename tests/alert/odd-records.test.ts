import { renderAlert } from '../../lib/alert/render';
import { fitsOneSegment } from '../../lib/alert/sms';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { findingFor, sgOpenIngressRule } from './fixtures';

describe('odd records (hand-edited history, services without an identity)', () => {
  test('missing and mistyped fields render as "not recorded" instead of throwing or printing "undefined"', () => {
    // Prepare: only the fields EventBridge routes on, some of them mistyped
    const record = {
      eventTime: 'yesterday-ish',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: 'us-east-1',
      eventID: 42,
      userIdentity: null,
      requestParameters: null,
    } as unknown as CloudTrailRecord;
    const finding = findingFor(record, sgOpenIngressRule, { resources: [], summary: '' });

    // Act
    const alert = renderAlert({ record, findings: [{ finding, rule: sgOpenIngressRule }], stage: 'dev', mode: 'dry-run' });
    const { email, sms } = alert.bodies;

    // Assess
    expect(email).not.toContain('undefined');
    expect(email).toContain('  Event time:      yesterday-ish (as recorded; not a valid timestamp)');
    expect(email).toContain('  Source IP:       not recorded');
    expect(email).toContain('  Identity type:   not recorded');
    expect(email).toContain('  MFA:             not recorded');
    expect(email).toContain('    none recorded');
    expect(email).not.toContain('Look it up');
    expect(email.split('\n')[0]).toBe('CRITICAL: Security group opened to the world. Alert only: nothing was changed.');
    expect(sms).toBe('CRITICAL sg-open-ingress by unknown - alert only - acct unknown - trailguard dev');
    expect(fitsOneSegment(sms)).toBe(true);
    expect(alert.attributes.account).toEqual({ DataType: 'String', StringValue: 'unknown' });
  });

  test('an event without findings has nothing to alert: rendering it is a programming error', () => {
    // Prepare
    const record = { eventTime: '2026-11-02T09:15:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'X', awsRegion: 'us-east-1', eventID: 'e' };

    // Act / Assess
    expect(() => renderAlert({ record, findings: [], stage: 'dev', mode: 'dry-run' })).toThrow('at least one finding');
  });
});
