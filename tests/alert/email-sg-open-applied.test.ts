import { renderAlert } from '../../lib/alert/render';
import { SG_ID, SG_RULE_ID, sgOpenAlert } from './fixtures';

/** The lines of a section: from its heading to the next blank line. */
const section = (body: string, heading: string): string => {
  const lines = body.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`no ${heading} section`);
  const end = lines.findIndex((line, index) => index > start && line === '');
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
};

describe('email body: sg-open-ingress reverted by revoke-ingress', () => {
  // Prepare
  const input = sgOpenAlert('applied', { detail: { requestId: 'req-0000-1111', attempts: 1 } });

  // Act
  const { bodies } = renderAlert(input);
  const email = bodies.email;

  test('opens with the most severe finding and its outcome, in words', () => {
    // Assess
    expect(email.split('\n')[0]).toBe(
      `CRITICAL: Security group opened to the world. alice (arn:aws:iam::123456789012:user/alice) opened ${SG_ID} to 0.0.0.0/0 on tcp/22. Trailguard reverted it.`,
    );
  });

  test('WHAT HAPPENED: event name and source, result, each finding with its rule title, the request', () => {
    const what = section(email, 'WHAT HAPPENED');
    expect(what).toContain('Event:           AuthorizeSecurityGroupIngress (ec2.amazonaws.com)');
    expect(what).toContain('Result:          succeeded');
    expect(what).toContain(`- CRITICAL Security group opened to the world: alice (arn:aws:iam::123456789012:user/alice) opened ${SG_ID}`);
    expect(what).toContain('"cidrIp":"0.0.0.0/0"');
  });

  test('WHO: principal ARN, identity type, user name, access key, MFA', () => {
    expect(section(email, 'WHO')).toBe(
      [
        'WHO',
        '  Principal:       arn:aws:iam::123456789012:user/alice',
        '  Identity type:   IAMUser',
        '  User:            alice',
        '  Principal ID:    AIDAEXAMPLEUSERID0001',
        '  Access key:      AKIAIOSFODNN7EXAMPLE',
        '  MFA:             NO (long-term access key: no MFA)',
      ].join('\n'),
    );
  });

  test('FROM WHERE and WHEN: source IP, user agent, region, account, UTC time', () => {
    const where = section(email, 'FROM WHERE');
    expect(where).toContain('Source IP:       198.51.100.23');
    expect(where).toContain('User agent:      aws-cli/2.17.0 md/awscrt#0.20.11');
    expect(where).toContain('Region:          us-east-1');
    expect(where).toContain('Account:         123456789012');
    expect(section(email, 'WHEN')).toContain('Event time:      2026-11-02 09:15:00 UTC (2026-11-02T09:15:00Z)');
  });

  test('the finding: rule, description, severity, category, facts, resources', () => {
    expect(email).toContain('FINDING 1 OF 1: CRITICAL sg-open-ingress');
    expect(email).toContain('  Rule:            Security group opened to the world (ec2.sg-open-ingress)');
    expect(email).toContain('  Why it matters:  An ingress rule lets the whole internet reach a port that is not meant to be public.');
    expect(email).toContain('  Severity:        CRITICAL');
    expect(email).toContain('  Category:        sg-open-ingress');
    expect(email).toContain('  Opened to:       0.0.0.0/0 tcp/22');
    expect(email).toContain(`  RESOURCES\n    ${SG_ID}\n`);
  });

  test('WHAT TRAILGUARD DID says it reverted, with the call made; HOW TO UNDO IT gives the undo command', () => {
    expect(email).toContain('  WHAT TRAILGUARD DID\n    Reverted: trailguard revoked exactly the world-open ingress rules the event added.');
    expect(email).toContain(`securityGroupRuleIds=["${SG_RULE_ID}"], requestId=req-0000-1111, attempts=1`);
    expect(email).toContain(
      `  HOW TO UNDO IT\n    If the rule was legitimate, add an exception for it, then re-apply it: aws ec2 authorize-security-group-ingress --region us-east-1 --group-id ${SG_ID} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]`,
    );
  });

  test('guidance, rule id and the CIS / Security Hub / MITRE references', () => {
    expect(email).toContain('  GUIDANCE\n    Confirm with the actor.');
    expect(email).toContain('    Rule id:         ec2.sg-open-ingress');
    expect(email).toContain('    CIS AWS Foundations: 4.10, 5.2');
    expect(email).toContain('    AWS Security Hub: CloudWatch.10, EC2.19');
    expect(email).toContain('    MITRE ATT&CK:    T1562.007');
  });

  test('EVENT: the CloudTrail event id, stage and mode, and a lookup command', () => {
    const event = section(email, 'EVENT');
    expect(event).toContain('CloudTrail event: 3f1c2a9e-7b4d-4e21-9a53-8d0e6b1f2c47');
    expect(event).toContain('Stage:           prod (enforce)');
    expect(event).toContain(
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventId,AttributeValue=3f1c2a9e-7b4d-4e21-9a53-8d0e6b1f2c47',
    );
  });

  test('sections come in the order a responder reads them', () => {
    const order = ['WHAT HAPPENED', 'WHO', 'FROM WHERE', 'WHEN', 'FINDING 1 OF 1', 'RESOURCES', 'WHAT TRAILGUARD DID', 'HOW TO UNDO IT', 'GUIDANCE', 'RULE AND REFERENCES', 'EVENT'];
    const positions = order.map((heading) => email.search(new RegExp(`^ *${heading}`, 'm')));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('the default body is the email body', () => {
    expect(bodies.default).toBe(email);
  });
});
