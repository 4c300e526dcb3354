import type { Row } from "./harness";

/**
 * A row's target, read from its text. The grammar (anything else is left to be judged by hand):
 *
 *   "≤ 0.9×", "≥ 10×"      fal-rx / official
 *   "≤ official"           fal-rx / official ≤ 1
 *   "≤ 1.05× raw fetch"    fal-rx / the row's baseline (named as in `baseline.name`)
 *   "≤ 100 B", "0", "1"    fal-rx's own figure, in the row's unit; a bare number means equal
 *
 * A note in parentheses after the target is ignored: "≤ 0.5× (≥ 2× faster)".
 */
export interface Target {
  op: "≤" | "≥" | "=";
  limit: number;
  /** What fal-rx's figure is divided by first: the official client's, the baseline's, or nothing. */
  of: "official" | "baseline" | "value";
}

export function parseTarget(row: Pick<Row, "target" | "unit" | "baseline">): Target | undefined {
  if (row.target === undefined) return undefined;
  const text = row.target.replace(/\s*\(.*\)\s*$/, "").trim();
  if (text === "≤ official") return { op: "≤", limit: 1, of: "official" };
  const match = /^(≤|≥|=)?\s*(\d+(?:\.\d+)?)\s*(×)?\s*(.*)$/.exec(text);
  if (!match) return undefined;
  const [, op = "=", limit, times, rest = ""] = match;
  const target = { op: op as Target["op"], limit: Number(limit) };
  if (times) {
    if (rest === "") return { ...target, of: "official" };
    if (rest === row.baseline?.name) return { ...target, of: "baseline" };
    return undefined;
  }
  return rest === "" || rest === row.unit ? { ...target, of: "value" } : undefined;
}

/** The figure a target is about: fal-rx's own, or its ratio to the official client or the baseline. */
export function measured(row: Row, target: Target): number | undefined {
  if (target.of === "value") return row.falRx;
  const reference = target.of === "official" ? row.official : row.baseline?.value;
  return reference === undefined || reference === 0 ? undefined : row.falRx / reference;
}

/** Met or not; `undefined` when the target is not in the grammar or the figure cannot be formed. */
export function met(row: Row): boolean | undefined {
  const target = parseTarget(row);
  const figure = target && measured(row, target);
  if (!target || figure === undefined) return undefined;
  if (target.op === "≤") return figure <= target.limit;
  if (target.op === "≥") return figure >= target.limit;
  return Math.abs(figure - target.limit) < 1e-9;
}

/**
 * By how much `figure` is off the target, as the change fal-rx's own figure needs (a ratio's
 * reference held still): "-25 %" for a ratio of 1.2 against "≤ 0.9×". For a met target, the
 * headroom: how far it could move and still meet it. `undefined` for equality targets.
 */
export function gap(target: Target, figure: number): number | undefined {
  if (target.op === "=" || figure === 0) return undefined;
  return target.limit / figure - 1;
}
