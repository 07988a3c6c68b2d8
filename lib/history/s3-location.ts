import { TrailguardError } from '../errors';

// What an s3:// argument names and which AWSLogs prefixes a listing keeps: no SDK here, so the CLI loads the S3
// client only when a replay reads from S3.

/** An s3:// argument that is not a bucket and prefix. */
export class S3UrlError extends TrailguardError {}

export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/**
 * What a history listing keeps (the CLI's --start/--end/--account/--region): the AWSLogs layout lets a listing
 * skip whole accounts, regions and days without listing what is under them. Times are compared by UTC day.
 */
export interface HistoryFilter {
  readonly start?: Date;
  readonly end?: Date;
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

export const isS3Url = (arg: string): boolean => /^s3:\/\//i.test(arg);

export const parseS3Url = (url: string): S3Location => {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/i.exec(url);
  if (!match) throw new S3UrlError(`${url} is not s3://<bucket>[/<prefix>]`);
  return { bucket: match[1]!, prefix: match[2] ?? '' };
};

const DAY = 24 * 3600 * 1000;

/** Whether a prefix's segments after AWSLogs/ can hold anything the filter keeps. */
export const keepsPrefix = (segments: readonly string[], filter: HistoryFilter): boolean => {
  const at = segments.lastIndexOf('AWSLogs');
  if (at === -1) return true;
  let rest = segments.slice(at + 1);
  if (rest[0]?.startsWith('o-')) rest = rest.slice(1); // organization trails: AWSLogs/<org id>/<account>/…
  const [account, service, region, year, month, day] = rest;
  if (account !== undefined && filter.accounts?.length && /^\d{12}$/.test(account) && !filter.accounts.includes(account)) return false;
  if (service !== undefined && service === 'CloudTrail-Digest') return false;
  if (region !== undefined && filter.regions?.length && !filter.regions.includes(region)) return false;
  if (year === undefined || !/^\d{4}$/.test(year)) return true;
  const y = Number(year);
  const m = month !== undefined && /^\d{2}$/.test(month) ? Number(month) : undefined;
  const d = m !== undefined && day !== undefined && /^\d{2}$/.test(day) ? Number(day) : undefined;
  const from = Date.UTC(y, (m ?? 1) - 1, d ?? 1);
  const to = d !== undefined ? from + DAY : m !== undefined ? Date.UTC(y, m, 1) : Date.UTC(y + 1, 0, 1);
  if (filter.start && to <= filter.start.getTime()) return false;
  if (filter.end && from > filter.end.getTime()) return false;
  return true;
};

