import { renderAlert } from '../../lib/alert/render';
import { rootSignInAlert } from './fixtures';

describe('email body: root console sign-in without MFA (alert only)', () => {
  test('names the root user, says MFA was not used, and that nothing was changed', () => {
    // Prepare
    const input = rootSignInAlert();

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(email.split('\n')[0]).toBe(
      'HIGH: Root user signed in to the console. root (arn:aws:iam::123456789012:root) signed in to the AWS console without MFA. Alert only: nothing was changed.',
    );
    expect(email).toContain('  Event:           ConsoleLogin (signin.amazonaws.com)');
    expect(email).toContain('  Result:          ConsoleLogin Success');
    expect(email).toContain('  Principal:       arn:aws:iam::123456789012:root');
    expect(email).toContain('  Identity type:   Root');
    expect(email).toContain('  User:            root user of account 123456789012');
    expect(email).toContain('  MFA:             NO (sign-in without MFA: MFAUsed=No)');
    expect(email).toContain('  Source IP:       203.0.113.77');
    expect(email).toContain('  User agent:      Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0');
    expect(email).toContain('  Event time:      2026-11-02 08:00:00 UTC (2026-11-02T08:00:00Z)');
    expect(email).toContain('  WHAT TRAILGUARD DID\n    Alert only: this rule has no automatic remediation. Nothing was changed.');
    expect(email).toContain('  HOW TO UNDO IT\n    Nothing to undo: trailguard changed nothing.');
    expect(email).toContain('    CIS AWS Foundations: 4.3');
    expect(email).toContain('    AWS Security Hub: CloudWatch.1');
    expect(email).toContain('    MITRE ATT&CK:    T1078.004');
    expect(email).toContain('CloudTrail event: a7d3e1f0-52c4-4b8e-9f61-0c2d7e9b4a15');
  });

  test('a sign-in with MFA says so', () => {
    // Prepare
    const input = rootSignInAlert();
    const record = { ...input.record, additionalEventData: { ...input.record.additionalEventData, MFAUsed: 'Yes' } };

    // Act
    const { email } = renderAlert({ ...input, record }).bodies;

    // Assess
    expect(email).toContain('  MFA:             yes (sign-in used MFA)');
  });
});
