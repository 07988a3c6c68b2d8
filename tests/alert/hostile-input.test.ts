import { renderAlert } from '../../lib/alert/render';
import { fitsOneSegment, smsLength } from '../../lib/alert/sms';
import type { AlertInput } from '../../lib/alert/types';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { FORBIDDEN, SG_ID, hasLoneSurrogate, sgOpenAlert } from './fixtures';

// Everything an attacker controls in a CloudTrail record, loaded with what breaks layouts and hides text.
const ANSI = '\u001b[31mRED\u001b[0m\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007';
const BIDI = '\u202egnp.exe\u202c\u2066x\u2069';
const ZERO_WIDTH = 'a\u200bd\u200cm\u200di\u2060n\ufeff';
const SMUGGLED = 'ok\u{e0041}\u{e0042}\u{e0043}';
const EMOJI = '😀🔥👩‍💻';
const ASTRAL = '𝒜𝓁𝒾𝒸ℯ 𠜎';
const JSON_BREAKER = '"},{"default":"pwned","x":"\\';
const NEWLINES = 'alice\r\n\r\nWHAT TRAILGUARD DID\n    Reverted: nothing to see\u2028Bcc: attacker@example.com\u0085x';
const HUGE = `${'A'.repeat(100 * 1024)}"tail`;
const LONE = 'broken\ud800surrogate\udfffhere';

const hostileValue = [NEWLINES, ANSI, BIDI, ZERO_WIDTH, SMUGGLED, EMOJI, ASTRAL, JSON_BREAKER, LONE].join(' ');

const hostileAlert = (): AlertInput => {
  const base = sgOpenAlert('applied');
  const record: CloudTrailRecord = {
    ...base.record,
    userIdentity: {
      ...base.record.userIdentity,
      userName: hostileValue,
      arn: `arn:aws:iam::123456789012:user/${hostileValue}`,
      principalId: `AIDA${BIDI}`,
    },
    userAgent: `${HUGE}${hostileValue}`,
    sourceIPAddress: `203.0.113.9\r\nX-Injected: ${ANSI}`,
    requestParameters: {
      groupId: `${SG_ID}\n${BIDI}`,
      ipPermissions: { items: [{ ipProtocol: 'tcp', description: hostileValue, blob: HUGE }] },
    },
  };
  const [alert] = base.findings;
  return {
    ...base,
    record,
    findings: [
      {
        ...alert!,
        finding: {
          ...alert!.finding,
          summary: `${hostileValue} opened ${SG_ID} to the world ${HUGE}`,
          resources: [`${SG_ID}${BIDI}`, hostileValue, ...Array.from({ length: 500 }, (_, index) => `sg-${index}${HUGE.slice(0, 300)}`)],
          actor: hostileValue,
        },
        facts: { [`Opened${NEWLINES}`]: `0.0.0.0/0 ${hostileValue} ${HUGE}` },
        error: hostileValue,
      },
    ],
  };
};

describe('hostile record values', () => {
  // Prepare
  const input = hostileAlert();

  // Act
  const alert = renderAlert(input);
  const { email, sms } = alert.bodies;

  test('no body, subject or attribute carries a control, bidi, zero-width or tag character, or a lone surrogate', () => {
    // Assess
    for (const text of [email, sms, alert.subject, ...Object.values(alert.attributes).map((a) => a.StringValue)]) {
      expect(text).not.toMatch(FORBIDDEN);
      expect(hasLoneSurrogate(text)).toBe(false);
    }
    expect(email).not.toContain('\r');
    expect(email).not.toContain('\u2028');
  });

  test('input cannot add lines: every heading appears once and injected text stays inside its field', () => {
    expect(email.match(/^ *WHAT TRAILGUARD DID$/gm)).toHaveLength(1);
    expect(email).not.toMatch(/^(Bcc|X-Injected):/m);
    expect(email).toMatch(/^ {2}User: {12}alice WHAT TRAILGUARD DID Reverted: nothing to see Bcc: attacker@example\.com x/m);
    expect(email).toMatch(/^ {2}Source IP: {7}203\.0\.113\.9 X-Injected: \[31mRED/m);
  });

  test('per-field caps hold: a 100 KB user agent is cut with an ellipsis, resources are listed up to 50', () => {
    const userAgent = email.split('\n').find((line) => line.startsWith('  User agent:'));
    expect(userAgent).toBeDefined();
    expect(userAgent!.length).toBeLessThanOrEqual('  User agent:      '.length + 512);
    expect(userAgent!.endsWith('…')).toBe(true);
    expect(email).toContain('    … and 452 more');
  });

  test('the email stays well under the SNS limit, and the Message parses back to the three bodies', () => {
    expect(Buffer.byteLength(JSON.stringify(email))).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(alert.message)).toBeLessThan(256 * 1024);
    expect(JSON.parse(alert.message)).toStrictEqual({ default: email, email, sms });
  });

  test('the subject is printable ASCII, one line, under 100 characters, starting with a letter, digit or punctuation', () => {
    expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).toMatch(/^[A-Za-z0-9[]/);
    expect(alert.subject.startsWith('[trailguard prod] CRITICAL sg-open-ingress:')).toBe(true);
  });

  test('the SMS fits one GSM-7 segment: emoji dropped and fancy letters folded rather than forcing UCS-2', () => {
    expect(smsLength(sms).encoding).toBe('GSM-7');
    expect(fitsOneSegment(sms)).toBe(true);
    expect(sms.startsWith('CRITICAL sg-open-ingress: ')).toBe(true);
    expect(sms).toContain('reverted');
  });

  test('a role session name in another script keeps its script in a 70-unit UCS-2 SMS', () => {
    // Prepare
    const base = sgOpenAlert('applied');
    const record: CloudTrailRecord = {
      ...base.record,
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/Алиса-Петрова' },
    };

    // Act
    const { sms: unicodeSms } = renderAlert({ ...base, record }).bodies;

    // Assess
    expect(smsLength(unicodeSms)).toMatchObject({ encoding: 'UCS-2', limit: 70 });
    expect(unicodeSms.length).toBeLessThanOrEqual(70);
    expect(unicodeSms).toContain('Алиса');
    expect(unicodeSms.startsWith('CRITICAL sg-open-ingress')).toBe(true);
  });
});
