import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error.js";

/** node:util's parseArgs (strict unless told otherwise) with its errors turned into UsageError (exit 2). */
export function parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A flag holding a number >= 0 (ms, bytes); `undefined` when absent. */
export function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) {
    throw new UsageError(`${flag} must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  return number;
}
