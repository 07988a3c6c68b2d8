import { HistoryFilter } from '../../lib/history/filter';
import { historyFiles } from '../../lib/history/files';
import { apiCall } from '../support/records';
import { runCli, scratch } from '../support/cli';

// --start/--end/--account/--region keep the events asked for; on AWSLogs/ trees they prune folders unread.
const files = scratch('filters');
const at = (time: string, account: string, region: string, id: string) =>
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateVpc', eventTime: time, awsRegion: region, recipientAccountId: account, eventID: id });
const put = (account: string, region: string, day: string, time: string, id: string) =>
  files.write(`AWSLogs/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_x.json`, JSON.stringify({ Records: [at(time, account, region, id)] }));
put('111111111111', 'us-east-1', '2026/11/01', '2026-11-01T10:00:00Z', 'f0000000-0000-4000-8000-000000000001');
put('111111111111', 'us-east-1', '2026/11/05', '2026-11-05T10:00:00Z', 'f0000000-0000-4000-8000-000000000002');
put('111111111111', 'eu-west-1', '2026/11/05', '2026-11-05T11:00:00Z', 'f0000000-0000-4000-8000-000000000003');
put('222222222222', 'us-east-1', '2026/11/05', '2026-11-05T12:00:00Z', 'f0000000-0000-4000-8000-000000000004');
// Delivered just after midnight into the next day's folder: a day folder is never pruned on its date alone.
put('111111111111', 'us-east-1', '2026/11/06', '2026-11-05T23:59:00Z', 'f0000000-0000-4000-8000-000000000005');

const summaryOf = async (...args: string[]) => JSON.parse((await runCli('replay', files.dir, '--format', 'ndjson', ...args)).lines.at(-1)!);

test('--start/--end keep events in [start, end) and prune day folders outside it', async () => {
  const summary = await summaryOf('--start', '2026-11-05', '--end', '2026-11-06');
  expect(summary.events).toBe(4);
  expect(summary.skipped).toEqual({ 'folder outside --start/--end': 1 });
});

test('--account and --region prune whole folders before reading them', async () => {
  const summary = await summaryOf('--account', '111111111111', '--region', 'us-east-1');
  expect(summary).toMatchObject({ events: 3, files: 3 });
  expect(summary.skipped).toEqual({ 'folder outside --account': 1, 'folder outside --region': 1 });
});

test('events outside the filter in files that are read are counted by filter', async () => {
  files.write('export.ndjson', [at('2026-10-01T00:00:00Z', '111111111111', 'us-east-1', 'f0000000-0000-4000-8000-000000000009')].map((r) => JSON.stringify(r)).join('\n'));
  const summary = await summaryOf('--start', '2026-11-01');
  expect(summary.filtered).toEqual({ time: 1 });
});

test('folders are pruned on their path alone: nothing inside is listed', () => {
  const filter = new HistoryFilter({ regions: ['eu-west-1'] });
  expect(filter.prunesFolder('/x/AWSLogs/o-abcdefghij/111111111111/CloudTrail/us-east-1')).toBe('region');
  expect(filter.prunesFolder('/x/AWSLogs/111111111111/CloudTrail/eu-west-1/2026')).toBeUndefined();
  expect([...historyFiles([files.dir], { filter })].every((path) => !path.includes('us-east-1'))).toBe(true);
});

test.each([
  [['--start', 'yesterday'], '--start must be an ISO 8601 date'],
  [['--start', '2026-11-02', '--end', '2026-11-01'], '--end must be after --start'],
  [['--account', '12345'], 'is not a 12-digit account id'],
  [['--region', 'Mars'], 'is not a region name'],
])('%j is a usage error', async (args, message) => {
  const { code, stderr } = await runCli('replay', files.dir, ...args);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
});
