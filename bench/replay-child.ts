import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Engine } from '../lib/engine';
import { historyFiles } from '../lib/history/files';
import { inflateChunkSize } from '../lib/history/read';
import { replay } from '../lib/replay';
import { RULES } from '../rules';
import { time } from './lib/stats';

/**
 * One measurement in a fresh process over a history tree, after a warm-up pass of the same work:
 *   --mode floor   what any replay must do at least: read, gunzip and JSON.parse every file
 *   --mode replay  replay exactly as `trailguard replay --format ndjson` does it, output serialised and discarded
 * Prints one JSON line.
 */
const { values } = parseArgs({ options: { mode: { type: 'string' }, history: { type: 'string' } } });
const files = [...historyFiles([values.history!])];

if (values.mode === 'floor') {
  let records = 0;
  let bytes = 0;
  const pass = (): void => {
    records = 0;
    bytes = 0;
    for (const file of files) {
      // Inflated into one buffer sized from the gzip trailer, as replay does: the floor must be the cheapest way.
      const gz = readFileSync(file);
      const text = gunzipSync(gz, { chunkSize: inflateChunkSize(gz, Number.MAX_SAFE_INTEGER) }).toString('utf8');
      bytes += text.length;
      records += (JSON.parse(text) as { Records: unknown[] }).Records.length;
    }
  };
  pass();
  process.stdout.write(`${JSON.stringify({ seconds: time(pass), records, bytes })}\n`);
} else if (values.mode === 'replay') {
  const engine = new Engine({ rules: RULES });
  let records = 0;
  let findings = 0;
  const pass = async (): Promise<void> => {
    let out = 0;
    const summary = await replay({
      engine,
      files,
      onFinding: (evaluated) => (out += JSON.stringify(evaluated.finding).length),
      onInvalid: (entry) => (out += JSON.stringify(entry).length),
    });
    records = summary.events;
    findings = summary.findings;
  };
  void (async () => {
    await pass();
    const start = process.hrtime.bigint();
    await pass();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(`${JSON.stringify({ seconds, records, findings })}\n`);
  })();
} else {
  throw new Error(`--mode must be floor or replay, got ${values.mode}`);
}
