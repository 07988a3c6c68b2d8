import { renderAlert } from '../../lib/alert/render';
import { fitsOneSegment } from '../../lib/alert/sms';
import { sgOpenAlert } from './fixtures';

/*
 * Alerts name the event's account by the accountNames param, and in a central stage (organization topology) the
 * SMS also names the region, since events come from every region of every account (issue 13).
 */

describe('account name and region in alerts', () => {
  test('the email names the account id and its name; the SMS the name', () => {
    const { bodies } = renderAlert({ ...sgOpenAlert('applied'), accountName: 'payments-prod' });
    expect(bodies.email).toMatch(/Account: +123456789012 \(payments-prod\)/);
    expect(bodies.sms).toBe('CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by alice - reverted - acct payments-prod - trailguard prod');
  });

  test('a central stage\'s SMS adds the region after the account', () => {
    const { bodies } = renderAlert({ ...sgOpenAlert('applied'), accountName: 'payments-prod', showRegion: true });
    expect(bodies.sms).toBe('CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by alice - reverted - acct payments-prod us-east-1 - trailguard prod');
    expect(fitsOneSegment(bodies.sms)).toBe(true);
  });

  test('without a name, the account id; without showRegion (single stage), no region in the SMS', () => {
    const { bodies } = renderAlert(sgOpenAlert('applied'));
    expect(bodies.sms).toContain('acct 123456789012 - trailguard prod');
    expect(bodies.email).toMatch(/Account: +123456789012\n/);
  });

  test('when the SMS is too long, the region is shortened or dropped before the account name', () => {
    // Prepare: actors of every length squeeze the SMS from roomy to full.
    const input = sgOpenAlert('applied');
    const withActor = (length: number) => {
      const name = 'a'.repeat(length);
      const userIdentity = { ...input.record.userIdentity, type: 'IAMUser', userName: name, arn: `arn:aws:iam::123456789012:user/${name}` };
      return renderAlert({ ...input, record: { ...input.record, userIdentity }, accountName: 'payments-production-eu', showRegion: true }).bodies.sms;
    };

    // Act
    const all = Array.from({ length: 80 }, (_, index) => withActor(index + 1));

    // Assess
    for (const sms of all) {
      expect(fitsOneSegment(sms)).toBe(true);
      if (sms.includes('us-east')) expect(sms).toContain('acct payments-production-eu ');
    }
    expect(all.some((sms) => sms.includes('acct payments-production-eu') && !sms.includes('us-east-1'))).toBe(true);
    expect(all.some((sms) => sms.includes('acct payments-production-eu us-east-1'))).toBe(true);
  });
});
