/**
 * What the splitter hands on: whole top-level values, or, for a `{"Records":[…]}` object or a top-level array too
 * large to hold as one string, their elements one at a time. `line` is the 1-based line the value starts on.
 */
export interface JsonValueSink {
  value(value: unknown, line: number): void;
  /** An element of a streamed container; `records` is true inside `{"Records":[…]}`, false in a bare array. */
  element(value: unknown, line: number, index: number, records: boolean): void;
  /** A value (or element, when `index` is given) that is not JSON; `text` is a bounded excerpt of it. */
  invalid(line: number, reason: string, text: string, index?: number): void;
}

/** A line longer than this is not waited for whole: it is scanned, so a one-line 2 GB log file still streams. */
const LINE_LIMIT = 16 * 1024 * 1024;
/** No single value (or element) may be larger than this: memory stays bounded by it, not by the file. */
const VALUE_LIMIT = 128 * 1024 * 1024;

const RECORDS_START = /^\{\s*"Records"\s*:\s*\[/;
const RECORDS_PROBE = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isSpace = (c: number): boolean => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;

type Mode =
  | 'top' // between top-level values
  | 'value' // inside one top-level value that spans lines (pretty-printed) or is too long to wait for
  | 'elements' // between elements of a streamed container
  | 'element' // inside one element of a streamed container
  | 'skip'; // inside a value too large to keep: read to its end and drop it

/**
 * Splits text that arrives in chunks into JSON values: one document, newline-delimited values, or values written
 * one after another in any mix (what `jq '.Records[]'` writes, or log files joined with `cat`). Newline-delimited
 * input takes the fast path (one `JSON.parse` per line); everything else is scanned for where each value ends, so a
 * broken value is reported on its own and the rest is still read. Memory is bounded by the largest single value
 * (at most VALUE_LIMIT), never by the size of the input.
 */
export class JsonValueSplitter {
  private buf = '';
  private at = 0;
  private line = 1;
  private mode: Mode = 'top';
  // Scanner state for the value or element being scanned.
  private start = 0;
  private startLine = 1;
  private depth = 0;
  private inString = false;
  private scanPos = 0;
  // Streamed container state.
  private containerLine = 1;
  private containerIsRecords = false;
  private index = 0;
  private afterSkip: Mode = 'top';
  private final = false;
  private parts: string[] = [];
  private partsLength = 0;
  /** The buffer holds no newline between `at` and here: a line that arrives in many chunks is searched once. */
  private searched = 0;

  public constructor(private readonly sink: JsonValueSink) {}

  public push(chunk: string): void {
    if (chunk.length === 0) return;
    // A line arriving in many chunks is kept as a list until its newline comes: appending each chunk to one string
    // would copy the whole line again on every chunk.
    if (this.mode === 'top' && chunk.indexOf('\n') === -1 && this.buf.length - this.at + this.partsLength + chunk.length < LINE_LIMIT) {
      this.parts.push(chunk);
      this.partsLength += chunk.length;
      return;
    }
    this.append(this.takeParts() + chunk);
    this.run(false);
  }

  public end(): void {
    if (this.parts.length > 0) this.append(this.takeParts());
    this.run(true);
    if (this.mode === 'value' || this.mode === 'element' || this.mode === 'elements' || this.mode === 'skip') {
      const line = this.mode === 'value' ? this.startLine : this.containerLine;
      this.sink.invalid(line, 'truncated: the JSON value that starts here never ends', excerpt(this.buf, this.start));
    }
    this.buf = '';
    this.at = 0;
    this.mode = 'top';
  }

  private takeParts(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return text;
  }

  /**
   * Drops consumed text before appending, once it is at least half the buffer: each chunk then costs time in
   * proportion to the value being read, not to everything read so far.
   */
  private append(text: string): void {
    const keepFrom = this.mode === 'value' || this.mode === 'element' ? this.start : this.at;
    if (keepFrom > 0 && keepFrom * 2 >= this.buf.length) {
      this.buf = this.buf.slice(keepFrom);
      this.at -= keepFrom;
      this.start -= keepFrom;
      this.scanPos -= keepFrom;
      this.searched = Math.max(0, this.searched - keepFrom);
    }
    this.buf += text;
  }

  private run(final: boolean): void {
    this.final = final;
    for (;;) {
      const progressed =
        this.mode === 'top'
          ? this.top(final)
          : this.mode === 'elements'
            ? this.elements()
            : this.mode === 'skip'
              ? this.skip()
              : this.scanValue();
      if (!progressed) return;
    }
  }

  /** Between values: a whole line holding a whole value is parsed at once; anything else is scanned. */
  private top(final: boolean): boolean {
    const { buf } = this;
    let i = this.at;
    while (i < buf.length && isSpace(buf.charCodeAt(i))) {
      if (buf.charCodeAt(i) === NEWLINE) this.line++;
      i++;
    }
    this.at = i;
    if (i >= buf.length) return false;
    let eol = buf.indexOf('\n', Math.max(i, this.searched));
    if (eol === -1) {
      this.searched = buf.length;
      if (!final && buf.length - i < LINE_LIMIT) return false;
      eol = final ? buf.length : -1;
    }
    const first = buf.charCodeAt(i);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      if (eol === -1) eol = buf.length;
      this.wholeLine(buf.slice(i, eol), eol);
      return true;
    }
    if (eol !== -1 && endsWithCloser(buf, i, eol)) {
      const text = buf.slice(i, eol);
      let value: unknown;
      let ok = true;
      try {
        value = JSON.parse(text);
      } catch {
        ok = false;
      }
      if (ok) {
        this.sink.value(value, this.line);
        this.consumeLine(eol);
        return true;
      }
      // Not one value: several on one line (`…]}{"Records"…` from cat), a one-line log file with a broken record,
      // or one broken line.
      if (this.splitLine(text) || this.recordsLine(text)) {
        this.consumeLine(eol);
        return true;
      }
      this.wholeLine(text, eol);
      return true;
    }
    // A complete line that neither holds a value nor ends where a pretty-printed value's first line ends (an
    // opening bracket) is one broken line of newline-delimited input: reporting it alone keeps the scanner from
    // swallowing the good lines after it. So is one that ends in an opening bracket after a whole member (a comma
    // inside it): no pretty-printer starts a value that way, but a line cut short does. A one-line log file cut
    // short (the last line of a truncated .json.gz) still gives the records it holds whole.
    if (eol !== -1 && (!endsWithOpener(buf, i, eol) || holdsWholeMember(buf, i, eol))) {
      const text = buf.slice(i, eol);
      if (!this.recordsLine(text)) this.wholeLine(text, eol);
      else this.consumeLine(eol);
      return true;
    }
    // A value that goes on past its first line: pretty-printed, or a line too long to wait for.
    this.beginValue(i);
    return true;
  }

  private consumeLine(eol: number): void {
    this.at = eol + 1;
    this.line++;
  }

  /** A line that is not a value: reported with its line number, then the next line is read. */
  private wholeLine(text: string, eol: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.sink.invalid(this.line, `not JSON: ${(error as Error).message}`, excerpt(text, 0));
      this.consumeLine(eol);
      return;
    }
    this.sink.value(value, this.line);
    this.consumeLine(eol);
  }

  /** Values written back to back on one line; false when the line does not close every value it opens. */
  private splitLine(text: string): boolean {
    const ranges: [number, number][] = [];
    let depth = 0;
    let inString = false;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === 0) start = i;
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth < 0) return false;
        if (depth === 0) ranges.push([start, i + 1]);
      } else if (depth === 0 && !isSpace(c)) return false;
    }
    if (depth !== 0 || inString || ranges.length < 2) return false;
    for (const [from, to] of ranges) {
      const part = text.slice(from, to);
      try {
        this.sink.value(JSON.parse(part), this.line);
      } catch (error) {
        this.sink.invalid(this.line, `not JSON: ${(error as Error).message}`, excerpt(part, 0));
      }
    }
    return true;
  }

  /**
   * A one-line `{"Records":[…]}` log file that did not parse whole (a broken record, or the file cut short): its
   * records one by one, each broken or unfinished one reported on its own. False when the line is not a log file.
   */
  private recordsLine(text: string): boolean {
    const head = RECORDS_START.exec(text.slice(0, RECORDS_PROBE));
    if (head === null) return false;
    let i = head[0].length;
    for (let index = 0; ; index++) {
      while (i < text.length && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === COMMA)) i++;
      if (i >= text.length) {
        this.sink.invalid(this.line, 'truncated: the log file ends before its Records array does', '', index);
        return true;
      }
      if (text.charCodeAt(i) === CLOSE_BRACKET) return true;
      const end = elementEnd(text, i);
      if (end === -1) {
        this.sink.invalid(this.line, 'truncated: the record that starts here never ends', excerpt(text, i), index);
        return true;
      }
      const part = text.slice(i, end);
      try {
        this.sink.element(JSON.parse(part), this.line, index, true);
      } catch (error) {
        this.sink.invalid(this.line, `not JSON: ${(error as Error).message}`, excerpt(part, 0), index);
      }
      i = end;
    }
  }

  private beginValue(i: number): void {
    this.start = i;
    this.startLine = this.line;
    this.depth = 0;
    this.inString = false;
    this.scanPos = i;
    this.mode = 'value';
  }

  /**
   * Scans the current value (or element) to its end. A `{"Records":[` object or a top-level array becomes a
   * streamed container, so only one element at a time is held.
   */
  private scanValue(): boolean {
    const { buf } = this;
    if (this.mode === 'value' && this.scanPos === this.start) {
      const open = buf.charCodeAt(this.start);
      if (open === OPEN_BRACE && buf.length - this.start < RECORDS_PROBE && !this.probeComplete()) return false;
      const probe = buf.slice(this.start, this.start + RECORDS_PROBE);
      const records = open === OPEN_BRACE ? RECORDS_START.exec(probe) : null;
      if (records || open === OPEN_BRACKET) {
        this.containerLine = this.startLine;
        this.containerIsRecords = records !== null;
        this.index = 0;
        this.line += countNewlines(buf, this.start, this.start + (records ? records[0].length : 1));
        this.at = this.start + (records ? records[0].length : 1);
        this.mode = 'elements';
        return true;
      }
    }
    const end = this.scan();
    if (end === -1) {
      if (this.scanPos - this.start > VALUE_LIMIT) this.tooLarge();
      return false;
    }
    const text = buf.slice(this.start, end);
    this.at = end;
    if (this.mode === 'element') {
      try {
        this.sink.element(JSON.parse(text), this.containerLine, this.index, this.containerIsRecords);
      } catch (error) {
        this.sink.invalid(this.containerLine, `not JSON: ${(error as Error).message}`, excerpt(text, 0), this.index);
      }
      this.index++;
      this.mode = 'elements';
      return true;
    }
    try {
      this.sink.value(JSON.parse(text), this.startLine);
    } catch (error) {
      this.sink.invalid(this.startLine, `not JSON: ${(error as Error).message}`, excerpt(text, 0));
    }
    this.mode = 'top';
    return true;
  }

  /** Enough of a value's start is buffered to tell a `{"Records":[` object from any other (or the input ended). */
  private probeComplete(): boolean {
    return this.final;
  }

  /** Advances the scanner over the buffer; the index just past the value's end, or -1 if it has not ended yet. */
  private scan(): number {
    const { buf } = this;
    let i = this.scanPos;
    let depth = this.depth;
    let inString = this.inString;
    const n = buf.length;
    while (i < n) {
      if (inString) {
        const quote = buf.indexOf('"', i);
        if (quote === -1) {
          this.line += countNewlines(buf, i, n);
          i = n;
          break;
        }
        let backslashes = 0;
        for (let k = quote - 1; k >= i && buf.charCodeAt(k) === BACKSLASH; k--) backslashes++;
        i = quote + 1;
        if (backslashes % 2 === 0) inString = false;
        continue;
      }
      const c = buf.charCodeAt(i++);
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth <= 0) {
          this.depth = 0;
          this.inString = false;
          this.scanPos = i;
          return i;
        }
      } else if (c === NEWLINE) this.line++;
    }
    // A string cannot end inside a run of backslashes split across chunks without the scanner seeing the
    // escaped quote: re-scan the tail from the last quote next time by stepping back over trailing backslashes.
    if (inString) {
      let k = i;
      while (k > this.scanPos && buf.charCodeAt(k - 1) === BACKSLASH) k--;
      i = k;
    }
    this.depth = depth;
    this.inString = inString;
    this.scanPos = i;
    return -1;
  }

  /** Between elements of a streamed container: commas and whitespace, then an element or the closing bracket. */
  private elements(): boolean {
    const { buf } = this;
    let i = this.at;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      else if (!isSpace(c) && c !== COMMA) break;
    }
    this.at = i;
    if (i >= buf.length) return false;
    const c = buf.charCodeAt(i);
    if (c === CLOSE_BRACKET) {
      this.at = i + 1;
      if (this.containerIsRecords) {
        // The rest of the log file object (CloudTrail writes nothing after Records) is read and dropped.
        this.beginSkip(1, 'top');
      } else {
        this.mode = 'top';
      }
      return true;
    }
    this.start = i;
    this.depth = 0;
    this.inString = false;
    this.scanPos = i;
    this.mode = 'element';
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      // A scalar element: up to the next comma or bracket.
      let j = i;
      while (j < buf.length) {
        const d = buf.charCodeAt(j);
        if (d === COMMA || d === CLOSE_BRACKET || d === NEWLINE) break;
        j++;
      }
      if (j >= buf.length) return false;
      const text = buf.slice(i, j).trim();
      try {
        this.sink.element(JSON.parse(text), this.containerLine, this.index, this.containerIsRecords);
      } catch (error) {
        this.sink.invalid(this.containerLine, `not JSON: ${(error as Error).message}`, excerpt(text, 0), this.index);
      }
      this.index++;
      this.at = j;
      this.mode = 'elements';
    }
    return true;
  }

  private beginSkip(depth: number, after: Mode): void {
    this.depth = depth;
    this.inString = false;
    this.scanPos = this.at;
    this.start = this.at;
    this.afterSkip = after;
    this.mode = 'skip';
  }

  /** Reads to the end of a value without keeping it. */
  private skip(): boolean {
    const end = this.scan();
    if (end === -1) {
      this.at = this.scanPos;
      this.start = this.scanPos;
      return false;
    }
    this.at = end;
    this.mode = this.afterSkip;
    return true;
  }

  private tooLarge(): void {
    const inElement = this.mode === 'element';
    this.sink.invalid(
      inElement ? this.containerLine : this.startLine,
      `a single JSON value over ${VALUE_LIMIT / 1024 / 1024} MB${inElement ? '' : ' that is not a {"Records":[…]} log file or an array'}: not read`,
      excerpt(this.buf, this.start),
      inElement ? this.index : undefined,
    );
    if (inElement) this.index++;
    const { depth } = this;
    const inString = this.inString;
    this.at = this.scanPos;
    this.beginSkip(depth, inElement ? 'elements' : 'top');
    this.inString = inString;
  }
}

const endsWithCloser = (text: string, from: number, to: number): boolean => {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    return c === CLOSE_BRACE || c === CLOSE_BRACKET;
  }
  return false;
};

const endsWithOpener = (text: string, from: number, to: number): boolean => {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    return c === OPEN_BRACE || c === OPEN_BRACKET;
  }
  return false;
};

/** Whether the line holds a comma inside some bracket, outside strings: a whole member before its end. */
const holdsWholeMember = (text: string, from: number, to: number): boolean => {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < to; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COMMA && depth > 0) return true;
  }
  return false;
};

/**
 * Where the array element starting at `from` ends: past its closing bracket for an object or array, at the next
 * comma or closing bracket for anything else (strings skipped whole); -1 when the text ends first.
 */
const elementEnd = (text: string, from: number): number => {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (i >= text.length) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === COMMA && depth === 0) return i;
  }
  return -1;
};

const countNewlines = (text: string, from: number, to: number): number => {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
};

/** A short excerpt of a broken value, for the best-effort eventID an `invalid` line can name. */
const excerpt = (text: string, from: number): string => text.slice(from, from + 4096);
