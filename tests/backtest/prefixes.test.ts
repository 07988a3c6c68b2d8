import { ListObjectsV2Command, S3Client, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { relative } from 'node:path';
import { backtestPrefixes } from '../../lib/backtest/prefixes';
import { historyFiles } from '../../lib/history/files';
import { HistoryFilter, type HistoryFilterOptions } from '../../lib/history/filter';
import { scratch } from '../support/cli';

// The prefixes the CLI hands the state machine: everything under them is what a local walk of the same tree with
// the same filter reads, and what is left out is counted as the walk counts it.
const s3 = mockClient(S3Client);
const dir = scratch('backtest-prefixes');

const ORG = 'AWSLogs/o-a1b2c3d4e5/';
const days = (account: string, region: string, dates: readonly string[]) =>
  dates.map((date) => `${ORG}${account}/CloudTrail/${region}/${date.replace(/-/g, '/')}/${account}_CloudTrail_${region}_${date.replace(/-/g, '')}T0000Z_x.json.gz`);
const KEYS = [
  ...days('111122223333', 'us-east-1', ['2025-03-04', '2025-12-30', '2025-12-31', '2026-01-01', '2026-06-15', '2026-12-31', '2027-01-01', '2027-01-02', '2027-02-01']),
  ...days('111122223333', 'eu-west-1', ['2026-02-02']),
  ...days('444455556666', 'us-east-1', ['2026-02-02']),
  `${ORG}111122223333/CloudTrail-Digest/us-east-1/2026/02/02/digest.json.gz`,
  `${ORG}111122223333/CloudTrail/us-east-1/notes.md`,
].sort();

beforeAll(() => {
  for (const key of KEYS) dir.write(key, '{"Records":[]}');
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const prefix = input.Prefix ?? '';
    const under = KEYS.filter((key) => key.startsWith(prefix));
    const rest = under.map((key) => key.slice(prefix.length));
    return {
      Contents: under.filter((_, i) => !rest[i]!.includes('/')).map((Key) => ({ Key })),
      CommonPrefixes: [...new Set(rest.filter((r) => r.includes('/')).map((r) => `${prefix}${r.slice(0, r.indexOf('/') + 1)}`))].map((Prefix) => ({ Prefix })),
    };
  });
});

const compare = async (options: HistoryFilterOptions) => {
  const filter = new HistoryFilter(options);
  const remote: Record<string, number> = {};
  const prefixes = await backtestPrefixes(new S3Client({ region: 'us-east-1' }), { bucket: 'trail', prefix: 'AWSLogs/' }, { filter, onSkip: (_p, reason) => (remote[reason] = (remote[reason] ?? 0) + 1) });
  const local: Record<string, number> = {};
  const files = [...historyFiles([`${dir.dir}/AWSLogs`], { filter, onSkip: (_p, reason) => (local[reason] = (local[reason] ?? 0) + 1) })].map((file) => relative(dir.dir, file));
  const listed = KEYS.filter((key) => prefixes.some((prefix) => key.startsWith(prefix)));
  return { prefixes, remote, local, files, listed };
};

describe('backtest prefixes', () => {
  it('without filters: one prefix per region of each account, digests and other names left out as a walk does', async () => {
    const { prefixes, remote, local, files, listed } = await compare({});
    expect(prefixes).toEqual([`${ORG}111122223333/CloudTrail/eu-west-1/`, `${ORG}111122223333/CloudTrail/us-east-1/`, `${ORG}444455556666/CloudTrail/us-east-1/`]);
    expect(remote).toEqual({ 'CloudTrail-Digest folder': 1 });
    // The walk also counts notes.md, which the worker counts when it meets it in its batch.
    expect(local).toEqual({ 'CloudTrail-Digest folder': 1, 'not a history file name (.json, .jsonl, .ndjson, .gz, .txt)': 1 });
    expect(listed.filter((key) => key.endsWith('.gz'))).toEqual(files);
  });

  it('with a year: whole years and months the range covers are one prefix each; the days it cuts are listed', async () => {
    const { prefixes, remote, local, files, listed } = await compare({ accounts: ['111122223333'], regions: ['us-east-1'], start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') });
    const base = `${ORG}111122223333/CloudTrail/us-east-1/`;
    // Folders within a day of the range are kept (CloudTrail files late deliveries under the next day).
    expect(prefixes).toEqual([`${base}2025/12/31/`, `${base}2026/`, `${base}2027/01/01/`]);
    expect(remote).toEqual(local);
    expect(listed).toEqual(files);
  });
});
