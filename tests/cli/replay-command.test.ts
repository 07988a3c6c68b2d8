import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { apiCall, consoleSignIn, identities } from '../support/records';
import { runCli, scratch } from '../support/cli';

// `trailguard replay` end to end, in-process: the ndjson lines of docs/replay-output.md to the letter, the table report,
// exit codes, and bad input reported without stopping the run.
const openSsh = apiCall({
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  eventID: '11111111-1111-4111-8111-111111111111',
  eventTime: '2026-11-06T18:42:07Z',
  requestParameters: {
    groupId: 'sg-0123456789abcdef0',
    ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, groups: {}, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] }, ipv6Ranges: {}, prefixListIds: {} }] },
  },
  responseElements: {
    requestId: 'c0ffee00-0000-4000-8000-000000000001',
    _return: true,
    securityGroupRuleSet: { items: [{ groupOwnerId: '123456789012', groupId: 'sg-0123456789abcdef0', securityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] },
  },
});
const benign = apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', eventID: '22222222-2222-4222-8222-222222222222' });
const rootLogin = consoleSignIn({ eventID: '33333333-3333-4333-8333-333333333333', userIdentity: identities.root() });

const files = scratch('replay');
const tree = join(files.dir, 'AWSLogs', '123456789012', 'CloudTrail', 'us-east-1', '2026', '11', '06');
files.write(join(tree, '123456789012_CloudTrail_us-east-1_20261106T1840Z_a.json.gz').slice(files.dir.length + 1), gzipSync(JSON.stringify({ Records: [openSsh, benign] })));
const ndjson = files.write('exports/shipper.ndjson', `${JSON.stringify(rootLogin)}\n{"eventID": "44444444-4444-4444-8444-444444444444", broken\n`);

describe('trailguard replay --format ndjson', () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  let parsed: Record<string, unknown>[];
  beforeAll(async () => {
    result = await runCli('replay', files.dir, '--format', 'ndjson');
    parsed = result.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  });

  test('exits 0 and writes only finding, invalid and summary lines', async () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(new Set(parsed.map((p) => p.type))).toEqual(new Set(['finding', 'invalid', 'summary']));
    expect(parsed.at(-1)!.type).toBe('summary');
  });

  test('a finding line has exactly the documented fields, in order, with the planned revert', async () => {
    const finding = parsed.find((p) => p.type === 'finding' && p.category === 'sg-open-ingress')!;
    expect(Object.keys(finding)).toEqual(['type', 'eventId', 'eventName', 'eventTime', 'account', 'region', 'ruleId', 'category', 'severity', 'actor', 'sourceIp', 'resources', 'remediation', 'summary']);
    expect(finding).toMatchObject({
      eventId: openSsh.eventID,
      eventName: 'AuthorizeSecurityGroupIngress',
      eventTime: '2026-11-06T18:42:07Z',
      account: '123456789012',
      region: 'us-east-1',
      ruleId: 'ec2.sg-open-ingress',
      severity: 'CRITICAL',
      actor: 'arn:aws:iam::123456789012:user/alice',
      sourceIp: '203.0.113.10',
      resources: ['sg-0123456789abcdef0'],
      remediation: { action: 'revoke-ingress', status: 'planned', detail: { securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] } },
    });
    expect(typeof finding.summary).toBe('string');
  });

  test('rules without a remediation plan nothing', async () => {
    const root = parsed.find((p) => p.type === 'finding' && p.category === 'root-login')!;
    expect(root).toMatchObject({ actor: 'root', remediation: { action: 'none', status: 'none', detail: {} } });
  });

  test('a broken line is an invalid line naming file:line and the eventID, and the run went on', async () => {
    expect(parsed.filter((p) => p.type === 'invalid')).toEqual([
      { type: 'invalid', eventId: '44444444-4444-4444-8444-444444444444', source: `${ndjson}:2`, reason: expect.stringContaining('not JSON') },
    ]);
  });

  test('the summary counts events, matched events, findings and invalid entries', async () => {
    const summary = parsed.at(-1)!;
    expect(Object.keys(summary)).toEqual(['type', 'files', 'events', 'matched', 'findings', 'invalid', 'insights', 'duplicates', 'filtered', 'skipped', 'byCategory', 'seconds']);
    const findings = parsed.filter((p) => p.type === 'finding');
    expect(summary).toMatchObject({ events: 3, invalid: 1, findings: findings.length });
    const byCategory: Record<string, number> = {};
    for (const f of findings) byCategory[f.category as string] = (byCategory[f.category as string] ?? 0) + 1;
    expect(summary.byCategory).toEqual(byCategory);
    expect(summary.matched).toBeGreaterThanOrEqual(2);
  });
});

describe('trailguard replay (table)', () => {
  test('counts by category and severity, then the most important findings first', async () => {
    const { code, stdout } = await runCli('replay', files.dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/3 events from 2 file\(s\)/);
    expect(stdout).toMatch(/sg-open-ingress\s+1\s+0\s+0\s+0\s+1/);
    const rows = stdout.split('\n').filter((row) => /^(CRITICAL|HIGH|MEDIUM|LOW) /.test(row));
    // Root signed in without MFA (CRITICAL, 08:00) before the world-open SSH (CRITICAL, 18:42), then the LOW sg-change.
    expect(rows[0]).toMatch(/^CRITICAL\s+2026-11-02T08:00:00Z.*root-login\s+root\s/);
    expect(rows[1]).toMatch(/^CRITICAL\s+2026-11-06T18:42:07Z.*sg-open-ingress/);
    expect(rows[1]).toContain('sg-0123456789abcdef0');
    expect(rows[1]).toContain('revoke-ingress planned (sgr-0aaaaaaaaaaaaaaa1)');
    expect(rows.at(-1)).toMatch(/^LOW\s.*sg-change/);
    expect(stdout).toContain('Invalid input (1; skipped, the run went on)');
  });

  test('--public-ports changes what counts as open: allowing 22 leaves no sg-open-ingress', async () => {
    const { stdout } = await runCli('replay', files.dir, '--format', 'ndjson', '--public-ports', '22,80,443');
    expect(stdout).not.toContain('"category":"sg-open-ingress"');
  });

  test('--rule restricts the replay to one rule', async () => {
    const { lines } = await runCli('replay', files.dir, '--format', 'ndjson', '--rule', 'signin.root-login');
    const rules = new Set(lines.map((l) => JSON.parse(l) as { ruleId?: string }).filter((p) => p.ruleId).map((p) => p.ruleId));
    expect(rules).toEqual(new Set(['signin.root-login']));
  });
});

describe('exit codes', () => {
  test('--fail-on: 1 when a finding is at or above the severity, else 0', async () => {
    expect((await runCli('replay', files.dir, '--fail-on', 'critical')).code).toBe(1);
    expect((await runCli('replay', ndjson, '--fail-on', 'CRITICAL', '--rule', 'ec2.sg-open-ingress')).code).toBe(0);
  });

  test.each([
    [['replay'], 'at least one file'],
    [['replay', '/no/such/history'], 'no such file or directory: /no/such/history'],
    [['replay', '.', '--format', 'xml'], '--format must be one of table, ndjson'],
    [['replay', '.', '--fail-on', 'urgent'], '--fail-on must be one of'],
    [['replay', '.', '--public-ports', '22,ssh'], 'is not a port number'],
    [['replay', '.', '--rule', 'no.such-rule'], 'unknown rule id'],
    [['replay', '.', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const { code, stderr } = await runCli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('an unknown command is a usage error and shows the commands', async () => {
    const { code, stderr } = await runCli('backtest');
    expect(code).toBe(2);
    expect(stderr).toContain('replay <file-or-dir>');
  });
});
