import { Engine } from '../lib/engine';
import { historyFiles } from '../lib/history/files';
import { replay } from '../lib/replay';
import { RULES } from '../rules';

// Runs one replay in a fresh process and prints its peak RSS, so runs over different numbers of files compare
// the memory of the replay itself, not of what an earlier run in the same process left behind.
const paths = process.argv.slice(2);
void (async () => {
  const summary = await replay({ engine: new Engine({ rules: RULES }), files: historyFiles(paths), onFinding: () => {}, onInvalid: () => {} });
  process.stdout.write(
    `${JSON.stringify({ events: summary.events, findings: summary.findings, invalid: summary.invalid, seconds: summary.seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
})();
