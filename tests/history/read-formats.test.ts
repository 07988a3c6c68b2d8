import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { readHistoryFile, type HistoryVisitor } from '../../lib/history/read';
import { apiCall, consoleSignIn } from '../support/records';

// Replay auto-detects each file's shape from its content (README "Inputs"); a bad record or line is
// reported with where it was and the rest of the file is still read.
const dir = mkdtempSync(join(tmpdir(), 'trailguard-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const collect = async (file: string) => {
  const seen = { records: [] as string[], envelopes: [] as string[], invalid: [] as { source: string; reason: string; eventId?: string }[], positions: [] as string[] };
  const visitor: HistoryVisitor = {
    record(record, _file, kind, n) {
      seen.records.push(record.eventID);
      seen.positions.push(`${kind}:${n}`);
    },
    envelope(envelope, _file, kind, n) {
      seen.envelopes.push(String(envelope.id));
      seen.positions.push(`${kind}:${n}`);
    },
    invalid(source, reason, eventId) {
      seen.invalid.push(eventId === undefined ? { source, reason } : { source, reason, eventId });
    },
  };
  await readHistoryFile(file, visitor);
  return seen;
};

const a = apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', eventID: 'aaaaaaaa-0000-4000-8000-000000000001' });
const b = consoleSignIn({ eventID: 'aaaaaaaa-0000-4000-8000-000000000002' });

describe('history file formats', () => {
  test('a CloudTrail log file as delivered to S3, gzipped', async () => {
    const file = write('111_CloudTrail_us-east-1_20261102T0915Z_x.json.gz', gzipSync(JSON.stringify({ Records: [a, b] })));
    expect((await collect(file))).toMatchObject({ records: [a.eventID, b.eventID], invalid: [], positions: ['index:0', 'index:1'] });
  });

  test('gzip is detected by its magic bytes, not the file name', async () => {
    const file = write('no-extension', gzipSync(JSON.stringify({ Records: [a] })));
    expect((await collect(file)).records).toEqual([a.eventID]);
  });

  test('a plain .json log file with a byte-order mark', async () => {
    const file = write('log.json', `\ufeff${JSON.stringify({ Records: [a] }, null, 2)}`);
    expect((await collect(file))).toMatchObject({ records: [a.eventID], invalid: [] });
  });

  test('newline-delimited records, as a log shipper writes them (extra fields, CRLF, blank lines)', async () => {
    const shipped = { ...a, '@version': '1', '@timestamp': a.eventTime };
    const file = write('shipper.ndjson', `${JSON.stringify(shipped)}\r\n\n${JSON.stringify(b)}\n`);
    expect((await collect(file))).toMatchObject({ records: [a.eventID, b.eventID], invalid: [], positions: ['line:1', 'line:3'] });
  });

  test('a shipper that moved eventTime into @timestamp: the time is taken back in CloudTrail\'s format', async () => {
    const { eventTime: _moved, ...shipped } = a;
    const file = write('logstash.ndjson', `${JSON.stringify({ ...shipped, '@version': '1', '@timestamp': '2020-09-14T00:44:23.000Z' })}\n${JSON.stringify(b)}\n`);
    const times: string[] = [];
    await readHistoryFile(file, { record: (r) => times.push(r.eventTime), envelope: () => {}, invalid: (source, reason) => times.push(`invalid ${source} ${reason}`) });
    expect(times).toEqual(['2020-09-14T00:44:23Z', b.eventTime]);
  });

  test('a SIEM export writing errorCode null or "" for successful calls: the field is dropped, as CloudTrail omits it', async () => {
    const file = write('siem.ndjson', `${JSON.stringify({ ...a, errorCode: null })}\n${JSON.stringify({ ...b, errorCode: '' })}\n`);
    const codes: unknown[] = [];
    await readHistoryFile(file, { record: (r) => codes.push('errorCode' in r), envelope: () => {}, invalid: () => codes.push('invalid') });
    expect(codes).toEqual([false, false]);
  });

  test('aws cloudtrail lookup-events output: the record is a JSON string in CloudTrailEvent', async () => {
    const page = {
      Events: [
        { EventId: a.eventID, EventName: a.eventName, ReadOnly: 'false', EventTime: a.eventTime, CloudTrailEvent: JSON.stringify(a) },
        { EventId: 'broken', EventName: 'X', CloudTrailEvent: '{"eventVersion": ' },
        { EventId: 'missing', EventName: 'Y' },
      ],
      NextToken: 'abc',
    };
    const seen = (await collect(write('lookup.json', JSON.stringify(page))));
    expect(seen.records).toEqual([a.eventID]);
    expect(seen.invalid).toEqual([
      expect.objectContaining({ source: `${join(dir, 'lookup.json')}#Events/1`, eventId: 'broken', reason: expect.stringContaining('CloudTrailEvent is not JSON') }),
      expect.objectContaining({ source: `${join(dir, 'lookup.json')}#Events/2`, eventId: 'missing', reason: expect.stringContaining('no CloudTrailEvent') }),
    ]);
  });

  test('one EventBridge event, an array of them, and one per line', async () => {
    const one = toEnvelope(a);
    const other = toEnvelope(b);
    expect((await collect(write('one.json', JSON.stringify(one, null, 2)))).envelopes).toEqual([a.eventID]);
    expect((await collect(write('many.json', JSON.stringify([one, other])))).envelopes).toEqual([a.eventID, b.eventID]);
    expect((await collect(write('many.ndjson', `${JSON.stringify(one)}\n${JSON.stringify(other)}\n`))).envelopes).toEqual([a.eventID, b.eventID]);
  });

  test('a single pretty-printed record and an array of records', async () => {
    expect((await collect(write('record.json', JSON.stringify(a, null, 2)))).records).toEqual([a.eventID]);
    expect((await collect(write('records.json', JSON.stringify([a, b])))).records).toEqual([a.eventID, b.eventID]);
  });

  test('EventBridge events from other sources are read, not rejected', async () => {
    const guardDuty = { version: '0', id: 'gd-1', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', account: '123456789012', time: '2026-11-02T09:00:00Z', region: 'us-east-1', resources: [], detail: { severity: 8 } };
    expect((await collect(write('gd.json', JSON.stringify(guardDuty))))).toMatchObject({ envelopes: ['gd-1'], invalid: [] });
  });
});

describe('bad input is reported where it is, and the rest goes on', () => {
  test('a malformed NDJSON line names its line and the recoverable eventID', async () => {
    const file = write('bad-line.ndjson', `${JSON.stringify(a)}\n{"eventID":"bbbbbbbb-0000-4000-8000-000000000009","eventName": \n${JSON.stringify(b)}\n`);
    const seen = (await collect(file));
    expect(seen.records).toEqual([a.eventID, b.eventID]);
    expect(seen.invalid).toEqual([{ source: `${file}:2`, reason: expect.stringContaining('not JSON'), eventId: 'bbbbbbbb-0000-4000-8000-000000000009' }]);
  });

  test('a record without what EventBridge needs to route it names its index', async () => {
    const { eventSource: _dropped, ...noSource } = a;
    const file = write('partial.json', JSON.stringify({ Records: [noSource, 42, b] }));
    const seen = (await collect(file));
    expect(seen.records).toEqual([b.eventID]);
    expect(seen.invalid).toEqual([
      { source: `${file}#0`, reason: 'record has no eventSource string', eventId: a.eventID },
      { source: `${file}#1`, reason: 'record is not a JSON object' },
    ]);
  });

  test('a CloudTrail EventBridge event whose detail is not a record', async () => {
    const file = write('bad-envelope.json', JSON.stringify({ ...toEnvelope(a), detail: { eventName: 'RunInstances' } }));
    expect((await collect(file)).invalid).toEqual([{ source: file, reason: 'record has no eventSource string', eventId: a.eventID }]);
  });

  test.each([
    ['empty.json', '', 'file is empty'],
    ['blank.json', ' \n\t\n', 'file is empty'],
    ['records-not-array.json', '{"Records": {"eventName": "x"}}', 'Records is not an array'],
    ['scalar.json', '42', 'not a CloudTrail log file'],
    ['digest.json', '{"awsAccountId":"123456789012","digestStartTime":"2026-11-02T00:00:00Z"}', 'digest file'],
  ])('%s is reported as a whole', async (name, content, reason) => {
    const file = write(name, content);
    const seen = (await collect(file));
    expect(seen.records).toEqual([]);
    expect(seen.invalid).toEqual([{ source: file, reason: expect.stringContaining(reason) }]);
  });

  test('a truncated .json.gz: the part cut in half, then the truncation itself, are reported', async () => {
    const file = write('truncated.json.gz', gzipSync('{"Records":[{"eventVersion":"1.08"').subarray(0, 20));
    const seen = await collect(file);
    expect(seen.records).toEqual([]);
    expect(seen.invalid.at(-1)).toEqual({ source: file, reason: 'cannot read: truncated gzip data (unexpected end of file)' });
  });

  test('a one-line log file (as CloudTrail writes them) cut short in its gzip: the whole records before the cut are read', async () => {
    // Prepare: the compressed stream of a 40-record log file cut at 60 %
    const records = Array.from({ length: 40 }, (_, i) => apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventID: `cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}` }));
    const whole = gzipSync(JSON.stringify({ Records: records }));
    const file = write('truncated-oneline.json.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));

    // Act
    const seen = await collect(file);

    // Assess: a prefix of the records, in order, then the cut record and the gzip truncation reported
    expect(seen.records.length).toBeGreaterThan(10);
    expect(seen.records).toEqual(records.slice(0, seen.records.length).map((r) => r.eventID));
    expect(seen.invalid).toEqual([
      expect.objectContaining({ source: `${file}#${seen.records.length}`, reason: 'truncated: the record that starts here never ends' }),
      { source: file, reason: 'cannot read: truncated gzip data (unexpected end of file)' },
    ]);
  });

  test('a one-line log file with one broken record: the others are read, the broken one is named by index and eventID', async () => {
    // Prepare
    const c = apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'StopInstances', eventID: 'aaaaaaaa-0000-4000-8000-000000000003' });
    const broken = JSON.stringify(b).replace('"eventSource"', '"eventSource" "oops"');
    const file = write('one-bad-record.json', `{"Records":[${JSON.stringify(a)},${broken},${JSON.stringify(c)}]}\n`);

    // Act
    const seen = await collect(file);

    // Assess
    expect(seen.records).toEqual([a.eventID, c.eventID]);
    expect(seen.positions).toEqual(['index:0', 'index:2']);
    expect(seen.invalid).toEqual([{ source: `${file}#1`, reason: expect.stringMatching(/^not JSON: /), eventId: b.eventID }]);
  });

  // The reader sizes its inflate buffer from the gzip trailer, which states only the last member's length.
  test('gzip members joined with cat, the last one the smallest: every member is read', async () => {
    const many = Array.from({ length: 300 }, (_, n) => ({ ...a, eventID: `bbbbbbbb-0000-4000-8000-${String(n).padStart(12, '0')}` }));
    const file = write('joined.json.gz', Buffer.concat([gzipSync(JSON.stringify({ Records: many })), gzipSync(JSON.stringify({ Records: [b] }))]));
    const seen = await collect(file);
    expect(seen.invalid).toEqual([]);
    expect(seen.records).toEqual([...many.map((record) => record.eventID), b.eventID]);
  });

  test('a gzip trailer that states a wrong (huge) length is reported as corrupt, as zlib finds it', async () => {
    const gz = gzipSync(JSON.stringify({ Records: [a, b] }));
    gz.writeUInt32LE(0xffffffff, gz.length - 4);
    const file = write('wrong-length.json.gz', gz);
    const seen = await collect(file);
    expect(seen.records).toEqual([]);
    expect(seen.invalid).toEqual([{ source: file, reason: 'cannot read: corrupt gzip data (incorrect length check)' }]);
  });

  test('a line of text that is not JSON is named by its line', async () => {
    const file = write('not-json.txt', 'hello world');
    expect((await collect(file)).invalid).toEqual([{ source: `${file}:1`, reason: expect.stringContaining('not JSON') }]);
  });

  test('an unreadable path', async () => {
    expect((await collect(join(dir, 'does-not-exist.json'))).invalid).toEqual([
      { source: join(dir, 'does-not-exist.json'), reason: expect.stringContaining('cannot read file') },
    ]);
  });
});
