import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { HistoryFilter } from './filter';

/** What a directory walk reads: CloudTrail's own files and the exports people make of them. */
const HISTORY_FILE = /\.(json|jsonl|ndjson|gz|txt)$/i;
/** Digest files prove log integrity; they hold no events. */
const SKIPPED_DIRECTORY = /^CloudTrail-Digest$/;
/** A digest file's own name (`<account>_CloudTrail-Digest_<region>_<trail>_…json.gz`), wherever it was copied. */
const DIGEST_FILE = /_CloudTrail-Digest_/;

/** Stdin as a history input. */
export const STDIN = '-';

export interface WalkOptions {
  /** A file or folder left out of a directory walk, and why (counted in the summary). */
  readonly onSkip?: (path: string, reason: SkipReason) => void;
  /** A path or folder that could not be listed or read: reported, then the walk goes on. */
  readonly onUnreadable?: (path: string, message: string) => void;
  /** Prunes `AWSLogs/…` folders outside the filter before anything in them is listed. */
  readonly filter?: HistoryFilter;
}

export type SkipReason =
  | 'not a history file name (.json, .jsonl, .ndjson, .gz, .txt)'
  | 'CloudTrail-Digest folder'
  | 'CloudTrail digest file'
  | 'not a file or folder'
  | 'folder outside --account'
  | 'folder outside --region'
  | 'folder outside --start/--end';

const PRUNED: Record<string, SkipReason> = {
  account: 'folder outside --account',
  region: 'folder outside --region',
  time: 'folder outside --start/--end',
};

/** Why a folder (a local path or an S3 prefix) is left out before it is listed, or undefined when it is walked. */
export const folderSkip = (path: string, filter: HistoryFilter | undefined): SkipReason | undefined => {
  // Any level: a prefix or folder inside a digest folder (…/CloudTrail-Digest/us-east-1/) holds digests too.
  if (path.split(/[\\/]/).some((name) => SKIPPED_DIRECTORY.test(name))) return 'CloudTrail-Digest folder';
  const pruned = filter?.prunesFolder(path);
  return pruned ? PRUNED[pruned] : undefined;
};

/** Why a file a walk or an S3 listing finds is left out by its name, or undefined when it is read. */
export const fileSkip = (name: string): SkipReason | undefined =>
  DIGEST_FILE.test(name) ? 'CloudTrail digest file' : HISTORY_FILE.test(name) ? undefined : 'not a history file name (.json, .jsonl, .ndjson, .gz, .txt)';

/**
 * Files to replay, in a stable order: named files as given (whatever their extension, unless named like a digest
 * file), `-` for stdin, directories walked depth-first in name order (a CloudTrail-Digest folder not at all). A
 * generator, so a tree of a million log files never sits in memory as a list. Nothing it cannot read stops it: each
 * such path is reported through `onUnreadable`.
 */
export function* historyFiles(paths: readonly string[], options: WalkOptions = {}): Generator<string> {
  for (const path of paths) {
    if (path === STDIN) {
      yield path;
      continue;
    }
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch (error) {
      options.onUnreadable?.(path, (error as Error).message);
      continue;
    }
    if (directory) {
      const skip = folderSkip(path, undefined);
      if (skip !== undefined) options.onSkip?.(path, skip);
      else yield* walk(path, options);
    } else if (DIGEST_FILE.test(basename(path))) {
      // Named on purpose or by a glob (AWSLogs/**/*.json.gz takes in the digests): skipped and counted all the same.
      options.onSkip?.(path, 'CloudTrail digest file');
    } else {
      yield path;
    }
  }
}

function* walk(directory: string, options: WalkOptions): Generator<string> {
  const pruned = options.filter?.prunesFolder(directory);
  if (pruned) {
    options.onSkip?.(directory, PRUNED[pruned]!);
    return;
  }
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (error) {
    options.onUnreadable?.(directory, `cannot list folder: ${(error as Error).message}`);
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORY.test(entry.name)) options.onSkip?.(path, 'CloudTrail-Digest folder');
      else yield* walk(path, options);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const skip = fileSkip(entry.name);
      if (skip === undefined) yield path;
      else options.onSkip?.(path, skip);
    } else {
      options.onSkip?.(path, 'not a file or folder');
    }
  }
}

/** Paths that do not exist: a usage error, reported before the run starts. */
export const missingPaths = (paths: readonly string[]): string[] =>
  paths.filter((path) => {
    if (path === STDIN) return false;
    try {
      statSync(path);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT';
    }
  });
