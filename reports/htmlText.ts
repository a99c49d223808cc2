/** Text inside the HTML reports' SVG: escaped, and cut to the pixels it has. */
import { cutToWidth } from './displayWidth.js';

import { htmlText } from './sanitise.js';

/** Escapes text for HTML content and attribute values (the one sanitiser, `sanitise.ts`). */
export const esc = (text: string): string => htmlText(text);

/**
 * `text` cut with … to what `px` pixels hold in a monospace font `charWidth` pixels a column ('' below
 * two columns). Measured in display columns (a CJK character takes two), cut between graphemes.
 */
export function fit(text: string, px: number, charWidth: number): string {
  const n = Math.floor(px / charWidth);
  if (n < 2) return '';
  return cutToWidth(text, n);
}
