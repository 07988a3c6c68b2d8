import { renderAlert } from '../../lib/alert/render';
import { trailFailedAlert } from './fixtures';

describe('email body: a remediation that failed', () => {
  test('says REVERT FAILED with the error, that the change may still be there, and that the event is retried', () => {
    // Prepare
    const input = trailFailedAlert();

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(email.split('\n')[0]).toMatch(/^CRITICAL: CloudTrail logging changed or stopped\. .* Trailguard FAILED to revert it: act now\.$/);
    expect(email).toContain(
      '    REVERT FAILED: trailguard tried to restart logging on the trail, and it failed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/trailguard-prod-trail/trailguard-prod-trail is not authorized to perform: cloudtrail:StartLogging',
    );
    expect(email).toContain('The event will be retried; if it keeps failing it goes to the dead-letter queue.');
    expect(email).toContain('errorCode=AccessDeniedException, attempts=1');
    expect(email).toContain('  HOW TO UNDO IT\n    Nothing to undo: trailguard changed nothing.');
  });

  test('WHO describes the role session: role, issuer ARN and session name', () => {
    // Prepare
    const input = trailFailedAlert();

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(email).toContain('  Principal:       arn:aws:sts::123456789012:assumed-role/Admin/mallory');
    expect(email).toContain('  Identity type:   AssumedRole');
    expect(email).toContain('  Role:            Admin (arn:aws:iam::123456789012:role/Admin)');
    expect(email).toContain('  Session name:    mallory');
    expect(email).toContain('  MFA:             NO (session not MFA-authenticated)');
  });

  test('without an error message it still says the revert failed', () => {
    // Prepare
    const input = trailFailedAlert();
    const [alert] = input.findings;
    const { error: _error, ...withoutError } = alert!;

    // Act
    const { email } = renderAlert({ ...input, findings: [withoutError] }).bodies;

    // Assess
    expect(email).toContain('and it failed: no error message recorded');
  });
});
