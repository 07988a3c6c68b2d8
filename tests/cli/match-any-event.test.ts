import { runCli, scratch } from '../support/cli';
import { worldOpenSsh } from '../support/history-records';
import { toEnvelope } from '../../lib/cloudtrail/envelope';

// A pattern tester matches every EventBridge event as given, whatever its source and detail.
const files = scratch('match-any');
const stateChange = {
  version: '0', id: 'e0000000-0000-4000-8000-000000000001', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2',
  account: '123456789012', time: '2026-11-06T18:00:00Z', region: 'us-east-1', resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc'],
  detail: { 'instance-id': 'i-0abc', state: 'stopped' },
};
const oddCloudTrail = { ...toEnvelope(worldOpenSsh()), id: 'e0000000-0000-4000-8000-000000000002', detail: { eventName: 'AuthorizeSecurityGroupIngress', note: 'no eventSource' } };
const history = files.write('bus.ndjson', [stateChange, oddCloudTrail].map((e) => JSON.stringify(e)).join('\n'));

test('an event from another source is matched on its own detail', async () => {
  const { lines } = await runCli('match', '{"source":["aws.ec2"],"detail":{"state":["stopped"]}}', history);
  expect(lines.map((l) => JSON.parse(l).id)).toEqual([stateChange.id]);
});

test('a CloudTrail detail-type whose detail is not a full record is still matched as given', async () => {
  const { stdout } = await runCli('match', '{"detail":{"eventName":["AuthorizeSecurityGroupIngress"]}}', history, '--count');
  expect(stdout).toBe('1\n');
});
