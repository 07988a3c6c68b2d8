import { keepsPrefix } from '../../lib/history/s3-location';

// Which AWSLogs prefixes a filtered S3 listing descends into.
const segments = (path: string) => path.split('/').filter(Boolean);

describe('S3 listing pruning on the AWSLogs layout', () => {
  const filter = { accounts: ['111122223333'], regions: ['eu-west-1'], start: new Date('2026-11-05T12:00:00Z'), end: new Date('2026-11-06T01:00:00Z') };

  it.each([
    ['logs/AWSLogs/', true],
    ['logs/AWSLogs/111122223333/', true],
    ['logs/AWSLogs/444455556666/', false],
    ['logs/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/', true],
    ['logs/AWSLogs/o-abc123def4/444455556666/', false],
    ['logs/AWSLogs/111122223333/CloudTrail-Digest/', false],
    ['logs/AWSLogs/111122223333/CloudTrail/us-east-1/', false],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/', false],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/', true],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/10/', false],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/04/', false],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/05/', true],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/06/', true],
    ['logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/07/', false],
    ['exports/2026/', true],
  ])('%s -> %s', (prefix, kept) => {
    expect(keepsPrefix(segments(prefix), filter)).toBe(kept);
  });

  it('keeps everything without a filter', () => {
    expect(keepsPrefix(segments('AWSLogs/444455556666/CloudTrail/us-east-1/2020/01/01/'), {})).toBe(true);
  });
});
