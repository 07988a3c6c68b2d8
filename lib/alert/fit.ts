/** One piece of a length-limited line (SMS, Subject). */
export interface FitPart {
  readonly text: string;
  /** Separator or label shown before the text while the part is shown (never shortened). */
  readonly before?: string;
  /** Shown after the text while the part is shown (a closing bracket). */
  readonly after?: string;
  /** Value order: 0 is the most valuable. The highest rank is shortened, then dropped, first. */
  readonly rank: number;
  /**
   * Fewest characters of `text` (before the ellipsis) still worth showing. Omitted: the part is shown whole or
   * not at all.
   */
  readonly min?: number;
  /** Never dropped; shortened to `min` at most, and cut hard only if even that cannot fit. */
  readonly required?: boolean;
}

export interface FitOptions {
  /** Most units the line may take, as `measure` counts them. */
  readonly budget: number;
  /** Length of a line in the channel's units (GSM-7 septets, UTF-16 units, ASCII characters). */
  readonly measure: (text: string) => number;
  /** Marks a shortened part; must itself be measurable in the channel. */
  readonly ellipsis: string;
}

interface Slot {
  readonly part: FitPart;
  readonly index: number;
  text: string;
  shown: boolean;
}

const render = (slots: readonly Slot[]): string =>
  slots
    .filter((slot) => slot.shown)
    .map((slot) => `${slot.part.before ?? ''}${slot.text}${slot.part.after ?? ''}`)
    .join('')
    .trim();

/** The longest prefix of `text` (whole code points) that `measure` puts within `budget`. */
export const cutToBudget = (text: string, budget: number, measure: (text: string) => number): string => {
  if (measure(text) <= budget) return text;
  const points = Array.from(text);
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(points.slice(0, mid).join('')) <= budget) low = mid;
    else high = mid - 1;
  }
  return points.slice(0, low).join('').trimEnd();
};

/**
 * Joins the parts into one line within the budget, giving up value from the bottom: the lowest-value part is
 * shortened (down to its `min`) and, if that is not enough, dropped, before the next one is touched. Required
 * parts that still do not fit are cut hard, so the result never exceeds the budget.
 */
export const fitParts = (parts: readonly FitPart[], options: FitOptions): string => {
  const { budget, measure, ellipsis } = options;
  const slots: Slot[] = parts
    .map((part, index) => ({ part, index, text: part.text, shown: part.text !== '' }))
    .filter((slot) => slot.shown);
  const fits = (): boolean => measure(render(slots)) <= budget;
  if (fits()) return render(slots);

  // Lowest value first; among equals, the later part goes first.
  const victims = [...slots].sort((a, b) => b.part.rank - a.part.rank || b.index - a.index);
  for (const slot of victims) {
    const points = Array.from(slot.part.text);
    const min = slot.part.min;
    if (min !== undefined && min < points.length) {
      for (let length = points.length - 1; length >= min; length--) {
        slot.text = `${points.slice(0, length).join('').trimEnd()}${ellipsis}`;
        if (fits()) return render(slots);
      }
    }
    if (!slot.part.required) {
      slot.shown = false;
      if (fits()) return render(slots);
    }
  }
  return cutToBudget(render(slots), budget, measure);
};
