import { folderSkip } from '../../lib/history/files';
import { HistoryFilter } from '../../lib/history/filter';

// Which AWSLogs prefixes a filtered S3 listing descends into: the same rule as a local walk (lib/history/filter.ts).
describe('S3 listing pruning on the AWSLogs layout', () => {
  const filter = new HistoryFilter({
    accounts: ['111122223333'],
    regions: ['eu-west-1'],
    start: Date.parse('2026-11-05T12:00:00Z'),
    end: Date.parse('2026-11-06T01:00:00Z'),
  });

  it.each([
    ['logs/AWSLogs/', undefined],
    ['logs/AWSLogs/111122223333/', undefined],
    ['logs/AWSLogs/444455556666/', 'folder outside --account'],
    ['logs/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/', undefined],
    ['logs/AWSLogs/o-abc123def4/444455556666/', 'folder outside --account'],
    ['logs/AWSLogs/111122223333/CloudTrail-Digest/', 'CloudTrail-Digest folder'],
    // A prefix below a digest folder holds digests too.
    ['logs/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/', 'CloudTrail-Digest folder'],
    ['logs/AWSLogs/111122223333/CloudTrail/us-east-1/', 'folder outside --region'],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/', 'folder outside --start/--end'],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/', undefined],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/10/', 'folder outside --start/--end'],
    // A day's slack either side: CloudTrail files a log under its delivery day, up to ~15 minutes late.
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/03/', 'folder outside --start/--end'],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/04/', undefined],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/05/', undefined],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/06/', undefined],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/07/', undefined],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/08/', 'folder outside --start/--end'],
    ['exports/2026/', undefined],
  ])('%s -> %s', (prefix, skip) => {
    expect(folderSkip(prefix, filter)).toBe(skip);
  });

  it('keeps everything but digests without a filter', () => {
    expect(folderSkip('AWSLogs/444455556666/CloudTrail/us-east-1/2020/01/01/', undefined)).toBeUndefined();
    expect(folderSkip('AWSLogs/444455556666/CloudTrail-Digest/', undefined)).toBe('CloudTrail-Digest folder');
  });
});
