import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readHistory, type HistoryVisitor } from '../../lib/history/read';
import { apiCall } from '../support/records';

// Large inputs are read in chunks, never as one string: the same records come out, named the same way, whatever
// the chunk boundaries cut (inside strings, escapes, multi-byte characters), and a stream that breaks off keeps
// what came before the break.
const tricky = (i: number) =>
  apiCall({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'CreateTags',
    eventID: `cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}`,
    requestParameters: { note: `quote " backslash \\ brace } bracket ] ünïcödé ☃ ${'\\'.repeat(i % 4)}"`, n: i },
  });
const records = Array.from({ length: 300 }, (_, i) => tricky(i));

/** A Readable that hands out `bytes` in chunks of `size`. */
const chunked = (bytes: Buffer, size: number): Readable =>
  Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  })());

const collect = async (source: Buffer | Readable, wholeLimit = 0, knownLarge = false) => {
  const seen = { ids: [] as string[], sources: [] as string[], invalid: [] as string[] };
  const visitor: HistoryVisitor = {
    record(record, file, kind, n) {
      seen.ids.push(record.eventID);
      seen.sources.push(`${file}|${kind}|${n}`);
    },
    envelope: () => {},
    invalid: (source, reason) => seen.invalid.push(`${source} ${reason}`),
  };
  await readHistory('big', source, visitor, wholeLimit, knownLarge);
  return seen;
};

const ids = records.map((r) => r.eventID);

describe('streaming reads', () => {
  test.each([7, 64, 4096])('a {"Records":[…]} log file in %i-byte chunks reads element by element', async (size) => {
    const seen = await collect(chunked(Buffer.from(JSON.stringify({ Records: records })), size));
    expect(seen.invalid).toEqual([]);
    expect(seen.ids).toEqual(ids);
    expect(seen.sources.slice(0, 2)).toEqual(['big|index|0', 'big|index|1']);
  });

  test('newline-delimited records, pretty values and arrays stream the same', async () => {
    const text = [
      records.slice(0, 100).map((r) => JSON.stringify(r)).join('\n'),
      records.slice(100, 200).map((r) => JSON.stringify(r, null, 2)).join('\n'),
      JSON.stringify(records.slice(200), null, 1),
    ].join('\n');
    const seen = await collect(chunked(Buffer.from(text), 333));
    expect(seen.invalid).toEqual([]);
    expect(seen.ids).toEqual(ids);
  });

  test('a gzipped stream is inflated as it goes', async () => {
    const seen = await collect(chunked(gzipSync(JSON.stringify({ Records: records }, null, 2)), 1000));
    expect(seen.ids).toEqual(ids);
  });

  test('a truncated .json.gz keeps the records before the break and says it was truncated', async () => {
    const gz = gzipSync(records.map((r) => JSON.stringify(r)).join('\n'));
    const seen = await collect(gz.subarray(0, Math.floor(gz.length * 0.6)), 64 * 1024 * 1024);
    expect(seen.ids.length).toBeGreaterThan(50);
    expect(seen.ids).toEqual(ids.slice(0, seen.ids.length));
    // The line cut in half is reported, then the truncation itself.
    expect(seen.invalid.at(-1)).toBe('big cannot read: truncated gzip data (unexpected end of file)');
  });

  test('a stream known to be large (a big local file) is split from its first byte and reads the same', async () => {
    // Prepare: a BOM first, gzipped, with a high limit that the buffered path would have parsed whole.
    const gz = gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ Records: records }))]));

    // Act
    const split = await collect(chunked(gz, 4096), 64 * 1024 * 1024, true);
    const buffered = await collect(chunked(gz, 4096), 64 * 1024 * 1024, false);

    // Assess
    expect(split).toEqual(buffered);
    expect(split.ids).toEqual(ids);
  });

  test('the whole-file path and the streaming path agree', async () => {
    const text = Buffer.from(JSON.stringify({ Records: records }));
    expect(await collect(text, 64 * 1024 * 1024)).toEqual(await collect(text, 0));
  });
});
