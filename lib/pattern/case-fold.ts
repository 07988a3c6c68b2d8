/**
 * event-ruler's equals-ignore-case is not a case fold of both sides. Each pattern character c becomes the choice
 * {lowercase(c), uppercase(c)} (locale-independent, one character at a time) and the event string must spell one
 * choice per pattern character. So pattern "ß" matches "ß" and "SS" but not "ss"; pattern "ss" does not match "ß";
 * "σ" and "ς" are distinct (both upper-case to Σ); Turkish "ı" matches "ı" and "I", while "i" matches "i" and "I".
 * Characters are taken by code point (event-ruler splits UTF-16 units, which breaks astral characters).
 */
export type FoldMode = 'equals' | 'prefix' | 'suffix';

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function choicesOf(pattern: string): string[][] {
  const result: string[][] = [];
  for (const ch of pattern) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    result.push(lower === upper ? [lower] : [lower, upper]);
  }
  return result;
}

export class IgnoreCaseMatcher {
  // When every choice is one UTF-16 unit (nearly always) the test is a length check and a tight loop.
  private readonly lower: Uint16Array | null = null;
  private readonly upper: Uint16Array | null = null;
  private readonly regex: RegExp | null = null;

  public constructor(
    pattern: string,
    private readonly mode: FoldMode,
  ) {
    const choices = choicesOf(pattern);
    if (choices.every((c) => c.every((alt) => alt.length === 1))) {
      this.lower = Uint16Array.from(choices, (c) => (c[0] ?? '').charCodeAt(0));
      this.upper = Uint16Array.from(choices, (c) => (c[c.length - 1] ?? '').charCodeAt(0));
    } else {
      const body = choices.map((c) => `(?:${c.map((alt) => alt.replace(REGEX_SPECIAL, '\\$&')).join('|')})`).join('');
      this.regex = new RegExp(`${mode === 'suffix' ? '' : '^'}${body}${mode === 'prefix' ? '' : '$'}`);
    }
  }

  public test(s: string): boolean {
    const lower = this.lower;
    const upper = this.upper;
    if (lower === null || upper === null) return (this.regex as RegExp).test(s);
    const m = lower.length;
    if (this.mode === 'equals' ? s.length !== m : s.length < m) return false;
    const offset = this.mode === 'suffix' ? s.length - m : 0;
    for (let i = 0; i < m; i++) {
      const c = s.charCodeAt(offset + i);
      if (c !== lower[i] && c !== upper[i]) return false;
    }
    return true;
  }
}
