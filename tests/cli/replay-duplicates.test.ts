import { SeenIds } from '../../lib/history/seen-ids';
import { runCli, scratch } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// An organization trail and an account trail over the same account deliver every event twice.
const files = scratch('duplicates');
const records = [worldOpenSsh(), rootSignIn()];
files.write('AWSLogs/o-exampleorgid/123456789012/CloudTrail/us-east-1/2026/11/06/org.json', JSON.stringify({ Records: records }));
files.write('AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/06/account.json', JSON.stringify({ Records: records }));

test('the same eventID seen twice is counted once, and the summary says how many duplicates', async () => {
  const { lines } = await runCli('replay', files.dir, '--format', 'ndjson');
  const summary = JSON.parse(lines.at(-1)!);
  expect(summary).toMatchObject({ files: 2, events: 2, duplicates: 2 });
  expect(lines.filter((line) => line.includes('"type":"finding"')).length).toBe(summary.findings);
  expect(new Set(lines.filter((line) => line.includes('"type":"finding"')).map((line) => `${JSON.parse(line).eventId} ${JSON.parse(line).ruleId}`)).size).toBe(summary.findings);
});

test('the id set tells 300,000 distinct ids apart', () => {
  const seen = new SeenIds();
  let duplicates = 0;
  for (let i = 0; i < 300_000; i++) if (!seen.add(`${(i * 2654435761) >>> 0}-0000-4000-8000-${String(i).padStart(12, '0')}`)) duplicates++;
  expect(duplicates).toBe(0);
  expect(seen.count).toBe(300_000);
  expect(seen.add(`${(7 * 2654435761) >>> 0}-0000-4000-8000-${String(7).padStart(12, '0')}`)).toBe(false);
});
