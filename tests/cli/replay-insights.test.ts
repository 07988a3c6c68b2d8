import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { runCli, scratch } from '../support/cli';
import { insightRecord, worldOpenSsh } from '../support/history-records';

// CloudTrail Insights records (in CloudTrail-Insight/ trees and on the bus) are history, not invalid input.
const files = scratch('insights');
const insight = insightRecord();
files.write('AWSLogs/123456789012/CloudTrail-Insight/us-east-1/2026/11/06/i.json', JSON.stringify({ Records: [insight] }));
files.write('bus.ndjson', `${JSON.stringify({ ...toEnvelope(worldOpenSsh()), 'detail-type': 'AWS Insight via CloudTrail', source: 'aws.cloudtrail', detail: insightRecord('66666666-6666-4666-8666-666666666666') })}\n${JSON.stringify(worldOpenSsh())}\n`);

test('insights records are recognised and counted, not invalid', async () => {
  const { code, lines } = await runCli('replay', files.dir, '--format', 'ndjson');
  expect(code).toBe(0);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ insights: 2, invalid: 0, events: 1 });
});

test('the table says how many insights records it read', async () => {
  expect((await runCli('replay', files.dir)).stdout).toContain('2 CloudTrail Insights record(s)');
});
