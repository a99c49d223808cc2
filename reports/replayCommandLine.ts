/** The shell command that replays a token: what every failure message ends with. */
export function replayCommandLine(token: string, file?: string): string {
  return `npx interleave replay ${token}${file ? ` --file ${file}` : ''}`;
}
