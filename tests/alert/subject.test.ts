import { asciiSubject, SUBJECT_MAX } from '../../lib/alert/subject';
import { renderAlert } from '../../lib/alert/render';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { sgOpenAlert, trailFailedAlert } from './fixtures';

const VALID = /^[A-Za-z0-9!"#%&'()*,\-./:;?@[\\\]_{}][\x20-\x7e]*$/;

describe('Subject', () => {
  test('states stage, severity, category, resource, actor and outcome', () => {
    // Act
    const { subject } = renderAlert(sgOpenAlert('applied'));

    // Assess
    expect(subject).toBe('[trailguard prod] CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by alice (reverted)');
    expect(subject).toMatch(VALID);
  });

  test('an ARN resource is shown by its resource part, and a long line gives up the actor before the outcome', () => {
    // Act
    const { subject } = renderAlert(trailFailedAlert());

    // Assess
    expect(subject).toBe('[trailguard prod] CRITICAL cloudtrail-tampering: trail/org-trail by mallory as A... (REVERT FAILED)');
    expect(subject.length).toBe(SUBJECT_MAX);
  });

  test('non-ASCII names are folded to ASCII; nothing else reaches SNS', () => {
    // Prepare
    const base = sgOpenAlert('dry-run');
    const record: CloudTrailRecord = {
      ...base.record,
      userIdentity: { type: 'IAMUser', userName: 'Zoë “the admin” 😀 Ωmega\u0007', arn: 'arn:aws:iam::123456789012:user/zoe' },
    };

    // Act
    const { subject } = renderAlert({ ...base, record });

    // Assess
    expect(subject).toBe('[trailguard prod] CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by Zoe "the admin" ?mega (dry-run)');
  });

  test('the ASCII-fier: printable ASCII, no line breaks, a valid first character, fewer than 100 characters', () => {
    // Act / Assess
    expect(asciiSubject('  \n\t$$$ Grüße\r\n aus — Köln…')).toBe('Grusse aus - Koln...');
    expect(asciiSubject('+1 ~ok')).toBe('1 ~ok');
    expect(asciiSubject('😀😀')).toBe('trailguard alert');
    const long = asciiSubject('x'.repeat(500));
    expect(long).toHaveLength(99);
    expect(long.endsWith('...')).toBe(true);
    for (const text of ['\u202eevil', 'a\u0000b', '𝒜𝓁𝒾𝒸ℯ', '日本語のタイトル', '"quoted"', '[tag]']) {
      expect(asciiSubject(text)).toMatch(VALID);
    }
  });
});
