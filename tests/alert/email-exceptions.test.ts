import { renderAlert } from '../../lib/alert/render';
import { expiredException, liveException, sgOpenAlert } from './fixtures';

describe('email body: exceptions', () => {
  test('a live exception: not reverted, and which exception (id, reason, owner, expiry) stopped it', () => {
    // Prepare
    const input = sgOpenAlert('excepted', { exception: liveException, detail: { exception: liveException.id } });

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(email.split('\n')[0]).toMatch(/An exception applies: nothing was changed\.$/);
    expect(email).toContain(
      '    Not reverted: an exception applies, so trailguard did not revoke exactly the world-open ingress rules the event added. The change is still in place.',
    );
    expect(email).toContain(
      '    Exception bastion-ssh (reason: Bastion host: SSH from anywhere until the VPN lands (SEC-1234); owner: platform-team@example.com; expires: 2027-03-31) stopped the revert.',
    );
    expect(email).toContain('  HOW TO UNDO IT\n    Nothing to undo: trailguard changed nothing.');
  });

  test('an expired exception: says it expired and was ignored, and the revert went ahead', () => {
    // Prepare
    const input = sgOpenAlert('applied', { exception: expiredException });

    // Act
    const { email } = renderAlert(input).bodies;

    // Assess
    expect(email).toContain('    Reverted: trailguard revoked exactly the world-open ingress rules the event added.');
    expect(email).toContain(
      '    Exception bastion-ssh (reason: Bastion host: SSH from anywhere until the VPN lands (SEC-1234); owner: platform-team@example.com; expires: 2026-10-01) matched, but it EXPIRED and was ignored.',
    );
    expect(email).toContain('  HOW TO UNDO IT\n    If the rule was legitimate, add an exception for it');
  });
});
