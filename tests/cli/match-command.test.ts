import { apiCall, identities } from '../support/records';
import { runCli, scratch } from '../support/cli';

// `trailguard match` runs EventBridge patterns over history with the same conversion and delivery filters.
const records = [
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', eventID: 'aaaaaaaa-0000-4000-8000-000000000001' }),
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', eventID: 'aaaaaaaa-0000-4000-8000-000000000002' }),
  apiCall({ eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', eventID: 'aaaaaaaa-0000-4000-8000-000000000003', userIdentity: identities.root() }),
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', eventID: 'aaaaaaaa-0000-4000-8000-000000000004', errorCode: 'Client.UnauthorizedOperation' }),
];
const files = scratch('match');
const history = files.write('history.ndjson', records.map((r) => JSON.stringify(r)).join('\n'));
const bank = files.write('bank.json', JSON.stringify({
  ec2: { source: ['aws.ec2'] },
  root: { detail: { userIdentity: { type: ['Root'] } } },
  failures: { detail: { errorCode: [{ exists: true }] } },
  none: { source: ['aws.lambda'] },
}));
const patternFile = files.write('pattern.json', JSON.stringify({ source: ['aws.s3'] }));

describe('trailguard match', () => {
  test('prints each matching event as an EventBridge event, one per line', async () => {
    const { code, lines } = await runCli('match', '{"source":["aws.ec2"],"detail":{"eventName":["RunInstances"]}}', history);
    expect(code).toBe(0);
    const events = lines.map((l) => JSON.parse(l) as { id: string; source: string; 'detail-type': string });
    expect(events.map((e) => e.id)).toEqual(['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000004']);
    expect(events[0]).toMatchObject({ source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail' });
  });

  test('--count with a pattern from @file', async () => {
    expect((await runCli('match', `@${patternFile}`, history, '--count')).stdout).toBe('1\n');
  });

  test('read-only Describe calls are not delivered unless --all-management-events', async () => {
    expect((await runCli('match', '{"source":["aws.ec2"]}', history, '--count')).stdout).toBe('2\n');
    expect((await runCli('match', '{"source":["aws.ec2"]}', history, '--count', '--all-management-events')).stdout).toBe('3\n');
  });

  test('--patterns FILE --count prints one object of counts by name', async () => {
    const { code, stdout } = await runCli('match', '--patterns', bank, history, '--count');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ec2: 2, root: 1, failures: 1, none: 0 });
  });

  test('--patterns without --count names the patterns each event matched', async () => {
    const lines = (await runCli('match', '--patterns', bank, history)).lines.map((l) => JSON.parse(l) as { patterns: string[]; event: { id: string } });
    expect(lines.find((l) => l.event.id.endsWith('4'))!.patterns).toEqual(['ec2', 'failures']);
  });

  test.each([
    [['match', '{"source":"aws.ec2"}', history], 'source'],
    [['match', '{"source":[]}', history], 'source'],
    [['match', '{not json', history], 'pattern argument'],
    [['match', '@/no/such/pattern.json', history], 'cannot read /no/such/pattern.json'],
    [['match', '{"source":["aws.ec2"]}'], 'at least one history'],
    [['match'], 'needs a pattern'],
  ])('%j is a usage error naming the problem', async (argv, message) => {
    const { code, stderr } = await runCli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
