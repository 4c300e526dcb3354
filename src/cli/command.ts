/** A CLI command: its help text and what it does with its arguments (resolves to an exit code). */
export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: string[]): Promise<number>;
}
