import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, scratch } from '../support/cli';

// The sample history's prod pipeline (GitHub Actions assuming github-actions-deploy) runs Terraform on Thursday
// 09:14: a managed policy created and attached, a security group created, HTTPS opened on the load balancer, and
// KMS encryption added to the trail. Named as a deployment principal, its routine changes are LOW and say so; the
// trail change keeps HIGH; everything else in the history is unchanged.
const HISTORY = 'tests/fixtures/sample-history';
const PIPELINE = 'arn:aws:iam::123456789012:role/github-actions-deploy';

interface Line {
  readonly type: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly actor: string;
  readonly summary: string;
  readonly lowered?: { from: string; by: string; reason: string };
  readonly stage?: { totals: Record<string, number> };
}

const replay = async (...args: string[]) => {
  const result = await runCli('replay', HISTORY, '--format', 'ndjson', ...args);
  const lines = result.lines.map((line) => JSON.parse(line) as Line);
  return { ...result, findings: lines.filter((l) => l.type === 'finding'), summary: lines.find((l) => l.type === 'summary')! };
};
const key = (f: Line) => `${f.eventId} ${f.ruleId}`;

describe('replay --deployment-principal', () => {
  test('the pipeline\'s policy and security-group changes are LOW and say why; its trail change and everything else are as before', async () => {
    // Act
    const plain = await replay('--workers', '1');
    const lowered = await replay('--workers', '1', '--deployment-principal', PIPELINE);

    // Assess
    expect(lowered.code).toBe(0);
    const changed = lowered.findings.filter((f) => f.lowered !== undefined);
    expect(changed.map((f) => `${f.eventName} ${f.ruleId} ${f.lowered!.from}->${f.severity}`).sort()).toEqual([
      'AttachRolePolicy iam.iam-policy-change MEDIUM->LOW',
      'AuthorizeSecurityGroupIngress ec2.sg-change LOW->LOW',
      'CreatePolicy iam.iam-policy-change MEDIUM->LOW',
      'CreateSecurityGroup ec2.sg-change LOW->LOW',
    ]);
    for (const f of changed) {
      expect(f.lowered!.by).toBe(PIPELINE);
      expect(f.summary.endsWith(`: by deployment principal ${PIPELINE})`)).toBe(true);
    }
    const trail = lowered.findings.find((f) => f.eventName === 'UpdateTrail' && f.actor.includes('github-actions-deploy'))!;
    expect(trail).toMatchObject({ ruleId: 'cloudtrail.cloudtrail-tampering', severity: 'HIGH' });
    expect(trail.lowered).toBeUndefined();
    const rest = (lines: Line[]) => lines.filter((f) => !changed.some((c) => key(c) === key(f)));
    expect(rest(lowered.findings)).toEqual(rest(plain.findings));
    expect(lowered.findings.map(key)).toEqual(plain.findings.map(key));
  });

  test('worker threads (the built command) lower the same findings as one core', () => {
    // Prepare
    const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
    const run = (workers: string) =>
      spawnSync(process.execPath, [bin, 'replay', HISTORY, '--format', 'ndjson', '--workers', workers, '--deployment-principal', PIPELINE], { encoding: 'utf8', timeout: 120_000 })
        .stdout.split('\n')
        .filter((line) => line.includes('"type":"finding"'));

    // Act
    const one = run('1');
    const two = run('2');

    // Assess
    expect(one.filter((line) => line.includes(`"lowered":{"from":`))).toHaveLength(4);
    expect(two).toEqual(one);
  }, 120_000);

  test('the dev account\'s role of the same name is another principal: its changes keep their severity', async () => {
    // Act
    const { findings } = await replay('--workers', '1', '--deployment-principal', 'arn:aws:iam::111122223333:role/github-actions-deploy');

    // Assess
    expect(findings.filter((f) => f.lowered !== undefined && f.actor.includes('123456789012'))).toEqual([]);
  });

  test.each([
    ['a glob', 'arn:aws:iam::123456789012:role/github-*', /--deployment-principal: .*is a glob/],
    ['a session ARN', 'arn:aws:sts::123456789012:assumed-role/github-actions-deploy/GitHubActions-1', /--deployment-principal: .*is an STS session ARN/],
    ['a role name', 'github-actions-deploy', /--deployment-principal: .*is not an exact IAM role or user ARN/],
  ])('%s is a usage error (exit 2) naming the flag', async (_name, value, message) => {
    // Act
    const { code, stderr } = await runCli('replay', HISTORY, '--deployment-principal', value);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('replay --stage with deploymentPrincipals', () => {
  const dir = scratch('deployment-stage');
  const config = dir.write(
    'serverless.yml',
    `service: acme
params:
  default:
    mode: enforce
    alertDedupMinutes: 15
    deploymentPrincipals: []
  plain: {}
  iac:
    deploymentPrincipals:
      - ${PIPELINE}
  typo:
    deploymentPrincipals: ['arn:aws:iam::123456789012:role/github-*']
`,
  );

  test('lowers as the flag does, and the pipeline\'s run becomes one alert and one digest', async () => {
    // Act
    const plain = await replay('--config', config, '--stage', 'plain');
    const iac = await replay('--config', config, '--stage', 'iac');

    // Assess
    expect(iac.findings.filter((f) => f.lowered?.by === PIPELINE)).toHaveLength(4);
    const before = plain.summary.stage!.totals;
    const after = iac.summary.stage!.totals;
    // Four events: CreatePolicy opens the principal's window, the next three fall in it.
    expect(after.alerts).toBe(before.alerts! - 3);
    expect(after.suppressed).toBe(before.suppressed! + 3);
    expect(after.digests).toBe(before.digests! + 1);
  });

  test('a bad entry is refused, naming the param and the stage', async () => {
    // Act
    const { code, stderr } = await replay('--config', config, '--stage', 'typo');

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('invalid param deploymentPrincipals of stage typo');
    expect(stderr).toContain('deploymentPrincipals[0]');
    expect(stderr).toContain('is a glob');
  });

  test('--stage takes the principals from the stage: the flag beside it is refused', async () => {
    // Act
    const { code, stderr } = await replay('--config', config, '--stage', 'iac', '--deployment-principal', PIPELINE);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('drop --public-ports/--own-principal/--deployment-principal');
  });
});
