/** The shell command that replays a token: what every failure message ends with, runnable as printed. */
export function replayCommandLine(token: string, file?: string): string {
  return `npx interleave replay ${token}${file ? ` --file ${shellWord(file)}` : ''}`;
}

/** A word a POSIX shell reads back as itself: as is when it is plain, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
