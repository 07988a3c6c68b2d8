import { PatternError } from '../errors';

/**
 * Splits a wildcard value into the literal runs between its unescaped stars, rejecting what event-ruler rejects:
 * two consecutive stars, and a backslash that escapes anything but a star or a backslash (or ends the value).
 */
export function parseWildcard(text: string, path: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (text[i + 1] === '*') throw new PatternError(path, `wildcard "${text}" has consecutive "*" at position ${i}`);
      segments.push(current);
      current = '';
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new PatternError(path, `wildcard "${text}" has an invalid escape at position ${i}: only \\* and \\\\ are allowed`);
      }
      current += next;
      i++;
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments;
}

/** `*` matches any run of characters, including none; everything else is literal. */
export class WildcardMatcher {
  private readonly first: string;
  private readonly last: string;
  private readonly middle: readonly string[];
  private readonly minLength: number;
  private readonly exact: boolean;

  public constructor(segments: readonly string[]) {
    this.exact = segments.length === 1;
    this.first = segments[0] ?? '';
    this.last = segments[segments.length - 1] ?? '';
    this.middle = segments.slice(1, -1);
    this.minLength = segments.reduce((sum, s) => sum + s.length, 0);
  }

  public test(s: string): boolean {
    if (this.exact) return s === this.first;
    if (s.length < this.minLength || !s.startsWith(this.first) || !s.endsWith(this.last)) return false;
    let pos = this.first.length;
    const end = s.length - this.last.length;
    // Leftmost placement of each middle run leaves the most room for the rest, so no backtracking is needed.
    for (const segment of this.middle) {
      const at = s.indexOf(segment, pos);
      if (at < 0 || at + segment.length > end) return false;
      pos = at + segment.length;
    }
    return true;
  }
}
