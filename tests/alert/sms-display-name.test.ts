import { renderAlert } from '../../lib/alert/render';
import { SMS_DISPLAY_PREFIX, smsLength } from '../../lib/alert/sms';
import type { AlertFinding } from '../../lib/alert/types';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { Engine } from '../../lib/engine';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';

// SNS puts the topic's display name ("TRAILGUARD> ") in front of every SMS: the text trailguard renders plus that
// prefix must still be one segment, for every rule and the longest actors CloudTrail records.
const ACCOUNT = '123456789012';
const SSO_ROLE = `AWSReservedSSO_${'PlatformAdministratorFullAccess'.padEnd(32, 'X')}_0123456789abcdef`;
const SESSION = `${'firstname.lastname-with-a-long-name'.padEnd(50, 'x')}@corp.example.com`.slice(0, 64);

const LONG_ACTORS: Readonly<Record<string, Record<string, unknown>>> = {
  'Identity Center session (64-character role, 64-character session)': {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:${SESSION}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE}/${SESSION}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLESESSION01',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO_ROLE}`, accountId: ACCOUNT, userName: SSO_ROLE },
      attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  'federated user (32-character name)': {
    type: 'FederatedUser',
    principalId: `${ACCOUNT}:${'f'.repeat(32)}`,
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/${'federated-user-with-long-name'.padEnd(32, 'z')}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEFEDERATE1',
  },
  'IAM user (64-character name)': {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSERID0001',
    arn: `arn:aws:iam::${ACCOUNT}:user/some/path/${'u'.repeat(64)}`,
    accountId: ACCOUNT,
    userName: 'u'.repeat(64),
  },
  'root in aws-us-gov': { type: 'Root', principalId: ACCOUNT, arn: `arn:aws-us-gov:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  'root in aws-iso-b': { type: 'Root', principalId: ACCOUNT, arn: `arn:aws-iso-b:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  'AWS service': { type: 'AWSService', invokedBy: 'securityhub.amazonaws.com' },
};

const engine = new Engine({ rules: RULES });

const alertsFor = (record: CloudTrailRecord): AlertFinding[][] => {
  const evaluation = engine.evaluate(toEnvelope(record));
  return evaluation.findings.length === 0
    ? []
    : [evaluation.findings.map(({ finding, rule }) => ({ finding: { ...finding, remediation: { ...finding.remediation, status: 'failed' } }, rule }))];
};

const positives = RULES.flatMap((rule) => (RULE_CASES[rule.id] ?? []).filter((c) => (c.findings?.length ?? 0) > 0).map((c) => [rule.id, c] as const));

describe('SMS with the topic display name', () => {
  test.each(Object.keys(LONG_ACTORS))('%s: every rule\'s alert plus "TRAILGUARD> " is one segment', (actorName) => {
    // Prepare
    const identity = LONG_ACTORS[actorName]!;
    let rendered = 0;
    const over: string[] = [];

    // Act
    for (const [ruleId, testCase] of positives) {
      const record = { ...testCase.record, userIdentity: identity } as CloudTrailRecord;
      for (const findings of alertsFor(record)) {
        const { sms } = renderAlert({ record, findings, stage: 'production-eu', mode: 'enforce' }).bodies;
        const delivered = smsLength(`${SMS_DISPLAY_PREFIX}${sms}`);
        rendered += 1;
        if (delivered.length > delivered.limit) over.push(`${ruleId} / ${testCase.name}: ${delivered.length} > ${delivered.limit}: ${SMS_DISPLAY_PREFIX}${sms}`);
      }
    }

    // Assess
    expect(rendered).toBeGreaterThan(20);
    expect(over).toEqual([]);
  });

  test('the prefix is what SNS writes for the deployed display name', () => {
    expect(SMS_DISPLAY_PREFIX).toBe('TRAILGUARD> ');
  });
});
