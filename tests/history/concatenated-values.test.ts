import { gzipSync } from 'node:zlib';
import { readHistory, type HistoryVisitor } from '../../lib/history/read';
import { describeCall, rootSignIn, worldOpenSsh } from '../support/history-records';

// What people make of CloudTrail history with everyday tools: `jq '.Records[]'` (pretty objects one after another),
// log files joined with `cat`, `zcat *.json.gz > all.json`, arrays. Each shape reads every record.
const a = worldOpenSsh('aaaaaaaa-0000-4000-8000-000000000001');
const b = rootSignIn('aaaaaaaa-0000-4000-8000-000000000002');
const c = describeCall('aaaaaaaa-0000-4000-8000-000000000003');

const collect = async (content: string | Buffer) => {
  const seen = { records: [] as string[], sources: [] as string[], invalid: [] as string[] };
  const visitor: HistoryVisitor = {
    record(record, file, kind, n) {
      seen.records.push(record.eventID);
      seen.sources.push(`${file} ${kind} ${n}`);
    },
    envelope(envelope) {
      seen.records.push(String(envelope.id));
    },
    invalid(source, reason, eventId) {
      seen.invalid.push(`${source} ${reason}${eventId ? ` ${eventId}` : ''}`);
    },
  };
  await readHistory('in', Buffer.from(content), visitor);
  return seen;
};

describe('concatenated JSON values', () => {
  test("jq '.Records[]': pretty-printed records one after another", async () => {
    const seen = await collect([a, b, c].map((r) => JSON.stringify(r, null, 2)).join('\n'));
    expect(seen).toMatchObject({ records: [a.eventID, b.eventID, c.eventID], invalid: [] });
    expect(seen.sources[1]).toBe(`in line ${JSON.stringify(a, null, 2).split('\n').length + 1}`);
  });

  test('two log files joined with cat, with and without a newline between them', async () => {
    const one = JSON.stringify({ Records: [a, b] });
    const two = JSON.stringify({ Records: [c] });
    for (const joined of [`${one}\n${two}\n`, `${one}${two}`]) {
      const seen = await collect(joined);
      expect(seen).toMatchObject({ records: [a.eventID, b.eventID, c.eventID], invalid: [] });
    }
  });

  test('zcat *.json.gz > all.json: pretty log files, gzipped again, in any mix with arrays and single records', async () => {
    const mixed = [JSON.stringify({ Records: [a] }, null, 4), JSON.stringify([b], null, 2), JSON.stringify(c)].join('\n');
    expect((await collect(gzipSync(mixed))).records).toEqual([a.eventID, b.eventID, c.eventID]);
  });

  test('a JSON array of records', async () => {
    expect((await collect(JSON.stringify([a, b, c], null, 2))).records).toEqual([a.eventID, b.eventID, c.eventID]);
  });

  test('a broken value between good ones is reported alone, by line and eventID, and the rest is read', async () => {
    const broken = `{"eventID":"bbbbbbbb-0000-4000-8000-000000000009","eventName": "x", "oops"}`;
    const seen = await collect(`${JSON.stringify(a, null, 2)}\n${broken}\n${JSON.stringify(b, null, 2)}\n`);
    expect(seen.records).toEqual([a.eventID, b.eventID]);
    expect(seen.invalid).toEqual([expect.stringMatching(/^in:\d+ not JSON: .* bbbbbbbb-0000-4000-8000-000000000009$/)]);
  });

  test('a newline-delimited line cut just after an opening bracket is reported alone and the lines after it are read', async () => {
    // Prepare: line 2 stops inside its record, right after `[{`
    const cut = `${JSON.stringify(b).slice(0, JSON.stringify(b).indexOf('"userIdentity"'))}"items":[{`;
    const text = [JSON.stringify(a), cut, JSON.stringify(c), JSON.stringify({ ...a, eventID: 'aaaaaaaa-0000-4000-8000-000000000004' })].join('\n');

    // Act
    const seen = await collect(text);

    // Assess
    expect(seen.records).toEqual([a.eventID, c.eventID, 'aaaaaaaa-0000-4000-8000-000000000004']);
    expect(seen.invalid).toEqual([expect.stringMatching(/^in:2 not JSON: /)]);
  });

  test('a pretty-printed value whose first line is only an opening bracket is still read whole', async () => {
    // Prepare: the first lines `{` and `  "Records": [` hold no whole member yet
    const text = `${JSON.stringify({ Records: [a, b] }, null, 2)}\n${JSON.stringify(c)}\n`;

    // Act
    const seen = await collect(text);

    // Assess
    expect(seen).toMatchObject({ records: [a.eventID, b.eventID, c.eventID], invalid: [] });
  });

  test('a pretty value cut off at the end of the input is reported as truncated', async () => {
    const text = `${JSON.stringify(a, null, 2)}\n${JSON.stringify(b, null, 2).slice(0, 200)}`;
    const seen = await collect(text);
    expect(seen.records).toEqual([a.eventID]);
    expect(seen.invalid).toEqual([expect.stringContaining('truncated: the JSON value that starts here never ends')]);
  });
});
