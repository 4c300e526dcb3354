/** Help rows `  --flag VALUE          what it does`, every command's in the same column. */
export function flagLines(rows: readonly (readonly [flag: string, text: string])[]): string {
  return rows.map(([flag, text]) => `  ${flag.padEnd(19)}  ${text}`).join("\n");
}
