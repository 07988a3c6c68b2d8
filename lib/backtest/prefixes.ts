import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { fileSkip, folderSkip, type SkipReason } from '../history/files';
import type { HistoryFilter } from '../history/filter';
import type { S3Location } from '../history/s3-location';

/** A folder of an AWSLogs tree above the region level: always listed, so digest folders and pruned accounts drop out here. */
const ABOVE_REGION = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(?:\d{12}\/(?:CloudTrail(?:-Insight)?\/)?)?$/;
/** A region, year or month folder of an AWSLogs tree (days are the deepest level). */
const REGION_TO_MONTH = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?\d{12}\/CloudTrail(?:-Insight)?\/[a-z0-9-]+\/(?:(\d{4})\/(?:(\d{2})\/)?)?$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Whether a region, year or month folder must be listed further because the time filter prunes some of the days
 * under it. A region folder's years are unknown until listed; a year or month whose first and last days are both
 * kept holds no pruned day (the range is one interval), so its whole listing goes to one ItemReader.
 */
const splitsByTime = (folder: string, filter: HistoryFilter): boolean => {
  const m = REGION_TO_MONTH.exec(folder);
  if (!m) return false;
  const [, year, month] = m;
  if (year === undefined) return true;
  const y = Number(year);
  const [firstMonth, lastMonth] = month === undefined ? [1, 12] : [Number(month), Number(month)];
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  const base = month === undefined ? folder : folder.slice(0, -3);
  return (
    filter.prunesFolder(`${base}${pad(firstMonth)}/01/`) !== undefined || filter.prunesFolder(`${base}${pad(lastMonth)}/${pad(lastDay)}/`) !== undefined
  );
};

/**
 * The prefixes a distributed backtest hands the state machine, one ItemReader (ListObjectsV2) each: the tree under
 * `location` listed one level at a time (delimiter `/`) just deep enough that every account, region and day the
 * filter excludes, and every CloudTrail-Digest folder, is left out, as a local walk leaves them out (and counted
 * by `onSkip` the same way). Everything under a returned prefix is wanted; files met on the way are their own
 * prefix. In listing order, which is the order the merge puts the batches in.
 */
export const backtestPrefixes = async (
  s3: S3Client,
  location: S3Location,
  options: { filter?: HistoryFilter; onSkip?: (path: string, reason: SkipReason) => void } = {},
): Promise<string[]> => {
  const filter = options.filter?.active ? options.filter : undefined;
  const prefixes: string[] = [];
  const descend = (folder: string): boolean => ABOVE_REGION.test(folder) || (filter !== undefined && splitsByTime(folder, filter));
  const walk = async (prefix: string): Promise<void> => {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
      const entries = [
        ...(page.Contents ?? []).map((o) => ({ key: o.Key!, folder: false })),
        ...(page.CommonPrefixes ?? []).map((p) => ({ key: p.Prefix!, folder: true })),
      ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const { key, folder } of entries) {
        if (!folder) {
          if (key.endsWith('/')) continue;
          const skip = fileSkip(key.slice(key.lastIndexOf('/') + 1));
          if (skip === undefined) prefixes.push(key);
          else options.onSkip?.(`s3://${location.bucket}/${key}`, skip);
          continue;
        }
        const skip = folderSkip(key, filter);
        if (skip !== undefined) options.onSkip?.(`s3://${location.bucket}/${key}`, skip);
        else if (descend(key)) await walk(key);
        else prefixes.push(key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  };
  const { prefix } = location;
  if (prefix !== '' && !prefix.endsWith('/')) return [prefix];
  const skip = prefix === '' ? undefined : folderSkip(prefix, filter);
  if (skip !== undefined) {
    options.onSkip?.(`s3://${location.bucket}/${prefix}`, skip);
    return [];
  }
  await walk(prefix);
  return prefixes;
};
