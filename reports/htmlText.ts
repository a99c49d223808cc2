/** Text inside the HTML reports' SVG: escaped, and cut to the pixels it has. */

import { htmlText } from './sanitise.js';

/** Escapes text for HTML content and attribute values (the one sanitiser, `sanitise.ts`). */
export const esc = (text: string): string => htmlText(text);

/** `text` cut with … to what `px` pixels hold at `charWidth` pixels a character ('' below two). */
export function fit(text: string, px: number, charWidth: number): string {
  const n = Math.floor(px / charWidth);
  if (n < 2) return '';
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
