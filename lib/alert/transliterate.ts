// Typographic characters that tools and people paste into names and descriptions, and the ellipsis clean() adds
// when it caps a value: folded to plain ASCII so they survive channels that carry only ASCII (the Subject) or
// GSM-7 (one SMS segment).
const PUNCTUATION: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '\u00b4': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '*', '\u00b7': '.', '\u00d7': 'x', '\u00f7': '/', '\u2044': '/',
  '\u00a9': '(c)', '\u00ae': '(R)', '\u2122': 'TM',
};

// Latin letters NFKD does not decompose.
const LETTERS: Readonly<Record<string, string>> = {
  '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u00d0': 'D', '\u00f0': 'd', '\u0152': 'OE',
  '\u0153': 'oe', '\u00de': 'Th', '\u00fe': 'th', '\u0131': 'i', '\u00df': 'ss', '\u00c6': 'AE', '\u00e6': 'ae',
  '\u00d8': 'O', '\u00f8': 'o', '\u0126': 'H', '\u0127': 'h', '\u0138': 'k', '\u0166': 'T', '\u0167': 't',
};

const MARKS = /\p{M}/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

export interface Folded {
  readonly text: string;
  /** Letters and digits in the input. */
  readonly letters: number;
  /** Letters and digits that had no representation and became `?`. */
  readonly lost: number;
}

const representable = (text: string, keep: (ch: string) => boolean): boolean => {
  for (const ch of text) if (!keep(ch)) return false;
  return text !== '';
};

/**
 * Rewrites `text` into the characters `keep` accepts: typographic punctuation and ligatures fold to ASCII,
 * accents are stripped (NFKD), letters and digits with no equivalent (another script) become `?`, and symbols,
 * emoji and stray combining marks are dropped, since they carry no meaning an alert needs.
 */
export const fold = (text: string, keep: (ch: string) => boolean): Folded => {
  let out = '';
  let letters = 0;
  let lost = 0;
  for (const ch of text) {
    const isWord = LETTER_OR_DIGIT.test(ch);
    if (isWord) letters++;
    if (keep(ch)) {
      out += ch;
      continue;
    }
    const mapped = PUNCTUATION[ch] ?? LETTERS[ch];
    if (mapped !== undefined && representable(mapped, keep)) {
      out += mapped;
      continue;
    }
    const decomposed = ch.normalize('NFKD').replace(MARKS, '');
    if (representable(decomposed, keep)) {
      out += decomposed;
    } else if (isWord) {
      out += '?';
      lost++;
    } else if (SPACE.test(ch)) {
      out += ' ';
    }
  }
  return { text: out, letters, lost };
};

const PRINTABLE_ASCII = (ch: string): boolean => ch >= ' ' && ch <= '~';

/** Printable ASCII only (U+0020–U+007E), folded as `fold` does. */
export const toAscii = (text: string): string => fold(text, PRINTABLE_ASCII).text;
