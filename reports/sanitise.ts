/**
 * The one sanitiser of user-controlled text (actor and operation names, event kinds, messages,
 * params, the seed, file paths, token text) on its way to a terminal, a Markdown document or an HTML
 * page. Every renderer and every error line goes through it, so one payload list tests them all.
 *
 * - `terminalText`: control characters (C0, DEL, C1), line and paragraph separators and the bidi
 *   controls are shown escaped (`\x1b`, `\r`, `\u2028`), so text can neither move the cursor, erase
 *   a line, nor forge one. `keepNewlines` keeps `\n` for a multi-line message.
 * - `markdownText`: inline Markdown text and table cells: HTML, emphasis, links, pipes, backticks
 *   and line breaks lose their meaning.
 * - `markdownCode`: a code span that survives backticks and pipes (even inside a table).
 * - `markdownFence`: a fenced block no line of the text can close.
 * - `htmlText`: HTML content and attribute values.
 */

// C0 and C1 controls, DEL, the line/paragraph separators, and the bidi embedding/override/isolate
// controls (a "Trojan Source" reorders what a reviewer reads).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text a terminal shows as it is: every control character escaped (`\n` too, unless kept). */
export function terminalText(text: string, options: { keepNewlines?: boolean } = {}): string {
  return String(text).replace(options.keepNewlines ? UNSAFE_KEEP_NEWLINE : UNSAFE, escapeChar);
}

/** Whether text holds nothing `terminalText` would escape. */
export function isTerminalSafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text);
}

/** Inline Markdown (a heading, a paragraph, a table cell): shown literally, on one line. */
export function markdownText(text: string): string {
  return terminalText(text)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A code span: HTML is not parsed inside one, but a backtick run ends it and, in a table, a pipe
 * ends the cell. The span's ticks are one longer than the longest run inside.
 */
export function markdownCode(text: string): string {
  const safe = terminalText(text).replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(safe, '`') + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') || ticks.length > 1 ? ' ' : '';
  return `${ticks}${pad}${safe}${pad}${ticks}`;
}

/** A fenced code block (lines kept) whose fence is longer than any backtick run inside. */
export function markdownFence(text: string, lang = 'text'): string {
  const safe = terminalText(text, { keepNewlines: true });
  const ticks = '`'.repeat(Math.max(3, longestRun(safe, '`') + 1));
  return `${ticks}${lang}\n${safe}\n${ticks}`;
}

/** Escapes text for HTML content and attribute values (control characters shown escaped). */
export function htmlText(text: string, options: { keepNewlines?: boolean } = { keepNewlines: true }): string {
  return terminalText(text, options).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The longest run of `ch` in text, without spreading a match list into Math.max (no RangeError). */
function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ch) {
      run++;
      if (run > best) best = run;
    } else run = 0;
  }
  return best;
}
