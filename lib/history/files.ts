import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a directory walk reads: CloudTrail's own files and the exports people make of them. */
const HISTORY_FILE = /\.(json|jsonl|ndjson|gz|txt)$/i;
/** Digest files prove log integrity; they hold no events. */
const SKIPPED_DIRECTORY = /^CloudTrail-Digest$/;

/**
 * Files to replay, in a stable order: named files as given (whatever their extension), directories walked
 * depth-first in name order. A generator, so a tree of a million log files never sits in memory as a list.
 */
export function* historyFiles(paths: readonly string[]): Generator<string> {
  for (const path of paths) {
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function* walk(directory: string): Generator<string> {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORY.test(entry.name)) yield* walk(path);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && HISTORY_FILE.test(entry.name)) {
      yield path;
    }
  }
}

/** Paths that do not exist: a usage error, reported before the run starts. */
export const missingPaths = (paths: readonly string[]): string[] =>
  paths.filter((path) => {
    try {
      statSync(path);
      return false;
    } catch {
      return true;
    }
  });
