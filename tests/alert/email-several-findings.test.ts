import { renderAlert } from '../../lib/alert/render';
import { rootAccessKeyAlert } from './fixtures';

describe('email body: several findings on one event (root CreateAccessKey)', () => {
  // Prepare
  const input = rootAccessKeyAlert();

  // Act
  const alert = renderAlert(input);
  const { email } = alert.bodies;

  test('leads with the most severe finding and counts the others', () => {
    // Assess
    expect(email.split('\n')[0]).toBe(
      'CRITICAL: Root access key created. root created access key AKIAI44QH8DHBEXAMPLE. (+1 more finding) Alert only: nothing was changed.',
    );
    expect(email).toContain('trailguard prod (enforce mode: active rules revert). 2 findings on one CloudTrail event.');
  });

  test('lists both findings under WHAT HAPPENED, most severe first', () => {
    expect(email).toContain(
      '  - CRITICAL Root access key created: root created access key AKIAI44QH8DHBEXAMPLE\n  - HIGH Root user activity: root called iam CreateAccessKey',
    );
  });

  test('gives each finding its own block with its rule id and references, once', () => {
    expect(email.indexOf('FINDING 1 OF 2: CRITICAL root-access-key')).toBeGreaterThan(0);
    expect(email.indexOf('FINDING 2 OF 2: HIGH root-activity')).toBeGreaterThan(email.indexOf('FINDING 1 OF 2'));
    expect(email.match(/Rule id: +iam\.root-access-key/g)).toHaveLength(1);
    expect(email.match(/Rule id: +account\.root-activity/g)).toHaveLength(1);
    expect(email).toContain('    AWS Security Hub: IAM.4');
    expect(email).toContain('    AWS Security Hub: CloudWatch.1');
  });

  test('the event-wide sections appear once', () => {
    expect(email.match(/^WHO$/gm)).toHaveLength(1);
    expect(email.match(/^EVENT$/gm)).toHaveLength(1);
    expect(email).toContain('  MFA:             NO (session not MFA-authenticated)');
  });

  test('subject and SMS name the most severe finding and the count of the others', () => {
    expect(alert.subject).toBe('[trailguard prod] CRITICAL root-access-key: AKIAI44QH8DHBEXAMPLE by root (alert only) +1 more');
    expect(alert.bodies.sms).toBe(
      'CRITICAL root-access-key (+1 more): AKIAI44QH8DHBEXAMPLE by root - alert only - acct 123456789012 - trailguard prod',
    );
  });
});
