import { accountOf, type CloudTrailRecord } from '../cloudtrail/record';

/** Which events a replay keeps: `--start` (inclusive), `--end` (exclusive), `--account`, `--region`. */
export interface HistoryFilterOptions {
  /** Epoch milliseconds. */
  readonly start?: number;
  readonly end?: number;
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * CloudTrail files a log under the day it was delivered, up to about 15 minutes after the events in it: a day
 * folder is only pruned when it is more than a day away from the range, so no event near midnight is lost.
 */
const FOLDER_SLACK_MS = DAY_MS;

/**
 * `AWSLogs/[o-org/]<account>/CloudTrail[-Insight]/<region>/YYYY/MM/DD`, matched on any prefix of it, so the walk
 * can drop a whole account, region, year, month or day before reading a file in it.
 */
const TRAIL_FOLDER =
  /(?:^|[\\/])AWSLogs[\\/](?:o-[a-z0-9]{10,32}[\\/])?(\d{12})(?:[\\/]CloudTrail(?:-Insight)?(?:[\\/]([a-z0-9-]+)(?:[\\/](\d{4})(?:[\\/](\d{2})(?:[\\/](\d{2}))?)?)?)?)?[\\/]?$/;

export class HistoryFilter {
  private readonly accounts?: ReadonlySet<string>;
  private readonly regions?: ReadonlySet<string>;

  public constructor(private readonly options: HistoryFilterOptions) {
    if (options.accounts?.length) this.accounts = new Set(options.accounts);
    if (options.regions?.length) this.regions = new Set(options.regions);
  }

  public get active(): boolean {
    return this.accounts !== undefined || this.regions !== undefined || this.options.start !== undefined || this.options.end !== undefined;
  }

  /** Why an event is left out, or undefined when it is kept. */
  public rejects(account: string, region: string, eventTime: string): string | undefined {
    if (this.accounts && !this.accounts.has(account)) return 'account';
    if (this.regions && !this.regions.has(region)) return 'region';
    const { start, end } = this.options;
    if (start !== undefined || end !== undefined) {
      const time = Date.parse(eventTime);
      if (Number.isNaN(time)) return 'time';
      if (start !== undefined && time < start) return 'time';
      if (end !== undefined && time >= end) return 'time';
    }
    return undefined;
  }

  public rejectsRecord(record: CloudTrailRecord): string | undefined {
    return this.rejects(accountOf(record), record.awsRegion, record.eventTime);
  }

  /**
   * Why a folder of a CloudTrail S3 tree holds nothing the filter keeps (`account`, `region`, `time`), or
   * undefined when it may. Folders outside such a tree are never pruned.
   */
  public prunesFolder(path: string): string | undefined {
    if (!this.active) return undefined;
    const m = TRAIL_FOLDER.exec(path);
    if (!m) return undefined;
    const [, account, region, year, month, day] = m;
    if (this.accounts && account && !this.accounts.has(account)) return 'account';
    if (this.regions && region && !this.regions.has(region)) return 'region';
    if (!year) return undefined;
    const y = Number(year);
    const from = day ? Date.UTC(y, Number(month) - 1, Number(day)) : month ? Date.UTC(y, Number(month) - 1, 1) : Date.UTC(y, 0, 1);
    const to = day ? from + DAY_MS : month ? Date.UTC(y, Number(month), 1) : Date.UTC(y + 1, 0, 1);
    const { start, end } = this.options;
    if (start !== undefined && to + FOLDER_SLACK_MS <= start) return 'time';
    if (end !== undefined && from - FOLDER_SLACK_MS >= end) return 'time';
    return undefined;
  }
}
