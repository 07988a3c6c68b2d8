import { fitParts, type FitPart } from './fit';
import { toAscii } from './transliterate';

/** SNS: a Subject must be under 100 characters. */
export const SUBJECT_MAX = 99;

// SNS wants the Subject to begin with a letter, a digit or punctuation; ASCII symbols such as $ + < = > ^ ` | ~
// are not punctuation in Unicode's sense, so they are not allowed to lead.
const LEADING = /^[^A-Za-z0-9!"#%&'()*,\-./:;?@[\\\]_{}]+/;

/**
 * Makes any text a valid SNS Subject: printable ASCII only (accents stripped, typographic punctuation folded,
 * other scripts to `?`, emoji and control characters dropped), one line, starting with a letter, digit or
 * punctuation, at most `max` characters (99: SNS requires fewer than 100).
 */
export const asciiSubject = (text: string, max = SUBJECT_MAX): string => {
  const ascii = toAscii(text).replace(/\s+/g, ' ').trim().replace(LEADING, '').trim();
  if (ascii.length <= max) return ascii === '' ? 'trailguard alert' : ascii;
  return `${ascii.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
};

/** A Subject from parts in value order (see fit.ts), every part ASCII-folded first. */
export const fitSubject = (parts: readonly FitPart[], max = SUBJECT_MAX): string => {
  const ascii = parts.map((part) => ({
    ...part,
    text: asciiOrEmpty(part.text),
    ...(part.before !== undefined ? { before: toAscii(part.before) } : {}),
    ...(part.after !== undefined ? { after: toAscii(part.after) } : {}),
  }));
  return asciiSubject(fitParts(ascii, { budget: max, measure: (text) => text.length, ellipsis: '...' }), max);
};

const asciiOrEmpty = (text: string): string => toAscii(text).replace(/\s+/g, ' ').trim();
