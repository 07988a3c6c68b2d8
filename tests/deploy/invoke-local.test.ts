import { join } from 'node:path';
import { PACKAGE_TIMEOUT_MS, ROOT, invokeLocal } from './packaged';

// `sls invoke local` runs each function on this machine against the sample events in the repo, in the dev stage's
// dry-run mode: nothing mutating is called, the alert is written to the log (there is no topic locally), and the
// handler's result says what would have been done.
const cases = [
  ['securityGroup', 'sg-open-ingress.json', [{ ruleId: 'ec2.sg-open-ingress', action: 'revoke-ingress', status: 'dry-run' }, { ruleId: 'ec2.sg-change', action: 'none', status: 'not-applicable' }]],
  ['trail', 'stop-logging.json', [{ ruleId: 'cloudtrail.cloudtrail-tampering', action: 'restart-logging', status: 'dry-run' }]],
  ['alert', 'root-login.json', [{ ruleId: 'signin.root-login', action: 'none', status: 'not-applicable' }]],
] as const;

describe.each(cases)('sls invoke local -f %s -p tests/fixtures/events/%s', (fn, event, expected) => {
  let output = '';
  beforeAll(async () => {
    output = await invokeLocal(fn, join(ROOT, 'tests', 'fixtures', 'events', event));
  }, PACKAGE_TIMEOUT_MS);

  test('prints the handler result: every finding planned in dry-run', () => {
    const result = JSON.parse(output.slice(output.indexOf('\n{\n') + 1, output.lastIndexOf('\n}') + 2)) as { status: string; findings: unknown[] };
    expect(result.status).toBe('alerted');
    expect(result.findings).toEqual(expected.map((finding) => expect.objectContaining(finding)));
  });

  test('writes the rendered alert to the log instead of publishing it', () => {
    const line = output.split('\n').find((l) => l.includes('alert written to the log'));
    expect(line).toBeDefined();
    const logged = JSON.parse(line!) as { subject: string; sms: string; email: string; mode: string };
    expect(logged.mode).toBe('dry-run');
    expect(logged.subject).toMatch(/^\[trailguard dev\] /);
    expect(logged.sms.length).toBeLessThanOrEqual(160);
    expect(logged.email).toContain('WHO');
  });
});

describe('sls invoke local of an enforce stage', () => {
  const event = join(ROOT, 'tests', 'fixtures', 'events', 'root-login.json');

  test('is refused: it would act with this shell\'s credentials', async () => {
    const env = { TRAILGUARD_ALLOW_LOCAL_ENFORCE: '' };
    await expect(invokeLocal('alert', event, { stage: 'prod', env })).rejects.toThrow(
      /Invalid stage param "mode" for stage "prod": is enforce: `sls invoke local` would revert changes .*TRAILGUARD_ALLOW_LOCAL_ENFORCE=1/,
    );
  }, PACKAGE_TIMEOUT_MS);

  test('runs when TRAILGUARD_ALLOW_LOCAL_ENFORCE=1 says so (the alert function remediates nothing)', async () => {
    const output = await invokeLocal('alert', event, { stage: 'prod', env: { TRAILGUARD_ALLOW_LOCAL_ENFORCE: '1' } });
    const line = output.split('\n').find((l) => l.includes('alert written to the log'));
    expect(JSON.parse(line!)).toMatchObject({ mode: 'enforce', stage: 'prod' });
  }, PACKAGE_TIMEOUT_MS);
});
