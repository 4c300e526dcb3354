/** Bad arguments: the CLI prints the command's help and exits 2. */
export class UsageError extends Error {}

/** `cannot read <what>: ENOENT`: a file the CLI was pointed at could not be read (its code, else its message). */
export function cannotRead(what: string, error: unknown): UsageError {
  return new UsageError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}
