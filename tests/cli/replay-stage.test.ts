import { runCli, scratch } from '../support/cli';

// `replay --stage` applies that stage's params from serverless.yml exactly as its functions parse them.
const HISTORY = 'tests/fixtures/sample-history';
const dir = scratch('stage');
const config = dir.write(
  'serverless.yml',
  `service: acme
params:
  default:
    mode: dry-run
    smsMinSeverity: HIGH
    alertDedupMinutes: 15
  sec:
    mode: enforce
    alertSms: '+15555550123'
    smsMinSeverity: CRITICAL
    exceptions:
      - id: bastion-ssh
        match: { securityGroupId: sg-095e77902d2d53903, port: 22 }
        reason: office bastion
        owner: netops@example.com
        expires: '2027-03-31'
    ownPrincipals: ['arn:aws:iam::123456789012:user/ci-deploy']
  quiet:
    alertDedupMinutes: 0
  broken:
    publicPorts: '80,http'
resources:
  Outputs:
    Topic: { Value: !Ref AlertTopic }
`,
);

const replay = async (...args: string[]) => {
  const result = await runCli('replay', HISTORY, '--format', 'ndjson', '--config', config, ...args);
  const parsed = result.lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { ...result, findings: parsed.filter((l) => l.type === 'finding'), summary: parsed.find((l) => l.type === 'summary')! };
};

describe('replay --stage', () => {
  it('applies mode, exceptions and the loop guard, and counts the reverts and SMS pages the stage would send', async () => {
    // Act
    const { code, findings, summary } = await replay('--stage', 'sec');

    // Assess
    expect(code).toBe(0);
    const sg = Object.fromEntries(findings.filter((f) => f.category === 'sg-open-ingress').map((f) => [f.resources[0], f.remediation]));
    expect(sg['sg-095e77902d2d53903']).toMatchObject({ status: 'not-planned', detail: { exception: 'bastion-ssh' } });
    expect(sg['sg-095e77902d2d53903'].reason).toMatch(/^excepted by bastion-ssh: office bastion/);
    expect(sg['sg-010961e2046d6bbac']).toMatchObject({ status: 'planned' });
    expect(findings.some((f) => f.actor === 'arn:aws:iam::123456789012:user/ci-deploy')).toBe(false);
    const planned = findings.filter((f) => f.remediation.action !== 'none' && f.remediation.status === 'planned').length;
    expect(summary.stage).toMatchObject({ stage: 'sec', mode: 'enforce', exceptions: 1, smsSubscribed: true, smsMinSeverity: 'CRITICAL' });
    expect(summary.stage.totals.reverts).toBe(planned);
    const critical = findings.filter((f) => f.severity === 'CRITICAL').length;
    expect(summary.stage.totals.sms).toBeGreaterThan(0);
    expect(summary.stage.totals.sms).toBeLessThanOrEqual(critical);
    const perDay = summary.stage.days.reduce((n: number, d: { alerts: number }) => n + d.alerts, 0);
    expect(perDay).toBe(summary.stage.totals.alerts);
  });

  it('in a dry-run stage plans no revert and says why', async () => {
    const { findings, summary } = await replay('--stage', 'quiet');

    const remediated = findings.filter((f) => f.remediation.action !== 'none');
    expect(remediated.length).toBeGreaterThan(0);
    // A revert the stage did not opt into says so whatever the mode (it would not run in enforce either).
    const optIn: Record<string, string> = { 'deactivate-access-key': 'deactivateAccessKeys param is off', 'recreate-flow-logs': 'declares no flow logs' };
    for (const f of remediated) {
      const reason = optIn[f.remediation.action];
      expect(f.remediation).toMatchObject({ status: 'not-planned', reason: reason ? expect.stringContaining(reason) : 'stage quiet is in dry-run mode' });
    }
    expect(summary.stage.totals).toMatchObject({ reverts: 0, suppressed: 0, digests: 0, sms: 0 });
  });

  it('refuses an unknown stage, naming the declared ones', async () => {
    const { code, stderr } = await replay('--stage', 'staging');

    expect(code).toBe(2);
    expect(stderr).toContain('unknown stage "staging"');
    expect(stderr).toContain('sec, quiet, broken');
  });

  it('refuses a bad param, naming it and the stage', async () => {
    const { code, stderr } = await replay('--stage', 'broken');

    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid param publicPorts of stage broken in .*serverless.yml \(publicPorts\[1\]\)/);
    expect(stderr).toContain('"http" is not a port number');
  });
});
