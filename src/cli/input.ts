import { readFileSync } from "node:fs";
import { cannotRead, UsageError } from "./usage-error.js";

/**
 * The model input from `--input JSON`, `--input @file.json`, `--input @-` (standard input) and any number of `-i key=value`
 * (values read as JSON when they parse, else as strings; dotted keys nest: `-i size.width=512`).
 */
export function readInput(input: string | undefined, pairs: string[] = []): Record<string, unknown> {
  const base = input === undefined ? {} : parseInputJson(input);
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`-i expects key=value, got ${JSON.stringify(pair)}`);
    setPath(base, pair.slice(0, eq).split("."), parseValue(pair.slice(eq + 1)));
  }
  return base;
}

function parseInputJson(input: string): Record<string, unknown> {
  let text = input;
  let where = "--input";
  if (input.startsWith("@")) {
    // `@-` is standard input, as curl reads it: `cat input.json | fal-rx run id --input @-`.
    where = input === "@-" ? "standard input" : input.slice(1);
    try {
      text = readFileSync(input === "@-" ? 0 : where, "utf8");
    } catch (error) {
      throw cannotRead(`--input file ${where}`, error);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${where} must be a JSON object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = next && typeof next === "object" && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
