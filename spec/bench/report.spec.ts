import type { Row } from "../../bench/harness";
import { mergeRuns, renderReport } from "../../bench/report";
import { gap, met, parseTarget } from "../../bench/targets";

/** The report's arithmetic, without running a benchmark: how targets are read and runs merged. */
const row = (fields: Partial<Row>): Row => ({ bench: "b", metric: "m", unit: "µs", falRx: 1, official: 1, ...fields });

describe("parseTarget", () => {
  it("reads a ratio to the official client", () => {
    expect(parseTarget(row({ target: "≤ 0.9×" }))).toEqual({ op: "≤", limit: 0.9, of: "official" });
    expect(parseTarget(row({ target: "≥ 10×" }))).toEqual({ op: "≥", limit: 10, of: "official" });
    expect(parseTarget(row({ target: "≤ official" }))).toEqual({ op: "≤", limit: 1, of: "official" });
  });

  it("reads a ratio to the row's baseline by the baseline's name", () => {
    const baseline = { name: "raw fetch", value: 1 };
    expect(parseTarget(row({ target: "≤ 1.05× raw fetch", baseline }))).toEqual({ op: "≤", limit: 1.05, of: "baseline" });
    expect(parseTarget(row({ target: "≤ 1.05× raw fetch" }))).toBeUndefined();
  });

  it("reads a figure in the row's unit, a bare number as equality, and ignores a note in parentheses", () => {
    expect(parseTarget(row({ target: "≤ 100 B", unit: "B" }))).toEqual({ op: "≤", limit: 100, of: "value" });
    expect(parseTarget(row({ target: "0", unit: "" }))).toEqual({ op: "=", limit: 0, of: "value" });
    expect(parseTarget(row({ target: "≤ 0.5× (≥ 2× faster)" }))).toEqual({ op: "≤", limit: 0.5, of: "official" });
  });

  it("leaves a target outside the grammar to be judged by hand", () => {
    expect(parseTarget(row({ target: "as fast as it gets" }))).toBeUndefined();
    expect(met(row({ target: "as fast as it gets" }))).toBeUndefined();
  });
});

describe("met and gap", () => {
  it("judges fal-rx / official against the limit", () => {
    expect(met(row({ falRx: 89, official: 100, target: "≤ 0.9×" }))).toBe(true);
    expect(met(row({ falRx: 91, official: 100, target: "≤ 0.9×" }))).toBe(false);
    expect(met(row({ falRx: 950, official: 100, target: "≥ 10×", higherIsBetter: true }))).toBe(false);
  });

  it("says how much fal-rx's own figure must move: -25 % for 1.2× against ≤ 0.9×", () => {
    expect(gap({ op: "≤", limit: 0.9, of: "official" }, 1.2)).toBeCloseTo(-0.25);
    expect(gap({ op: "≥", limit: 10, of: "official" }, 8)).toBeCloseTo(0.25);
  });
});

describe("mergeRuns", () => {
  const runs = [
    [row({ falRx: 90, official: 100, target: "≤ 0.9×", references: [{ name: "other", value: 1 }] })],
    [row({ falRx: 110, official: 100, target: "≤ 0.9×", references: [{ name: "other", value: 3 }] })],
  ];

  it("keeps one row per benchmark and metric, figures the medians over the runs", () => {
    const [merged, ...rest] = mergeRuns(runs);
    expect(rest).toEqual([]);
    expect(merged!.row).toMatchObject({ falRx: 100, official: 100, references: [{ name: "other", value: 2 }] });
    expect(merged!.ratios).toEqual([0.9, 1.1]);
    expect(merged!.verdicts).toEqual([true, false]);
  });

  it("renders the range of the runs' ratios and in how many runs the target was met", () => {
    const report = renderReport(runs, { date: "2026-01-01", node: "v20", cpu: "cpu × 2", quick: false });
    expect(report).toContain("| b | m | 100 µs | 100 µs | 1.00× | 0.90–1.10×, 2 runs | ≤ 0.9× | partly (1 of 2 runs; fal-rx needs −10 %) |");
  });

  it("lists the rows with a target under the table, grouped by how the runs met it, with their figures", () => {
    const rows = [
      row({ metric: "cpu", falRx: 120, official: 100, target: "≤ 0.9×" }),
      row({ metric: "aborts", unit: "", falRx: 0, official: 1, target: "0" }),
      row({ metric: "wall", falRx: 105, baseline: { name: "raw fetch", value: 100 }, target: "≤ 1.05× raw fetch" }),
      row({ metric: "note", target: "as fast as it gets" }),
    ];
    const report = renderReport([rows], { date: "2026-01-01", node: "v20", cpu: "cpu × 2", quick: false });
    expect(report).toContain("**Missed in every run** (1):\n\n- b, cpu: 1.20× the official client; target ≤ 0.9×; no (0 of 1 run; fal-rx needs −25 %)\n");
    expect(report).toContain(
      "**Met in every run** (2):\n\n- b, aborts: fal-rx 0.00, official 1.00; target 0; yes (1 of 1 run)\n- b, wall: 1.05× raw fetch; target ≤ 1.05× raw fetch; yes (1 of 1 run; 0 % headroom)\n",
    );
    expect(report).toContain("**Judged by hand** (1): b, note (as fast as it gets).");
    expect(report).not.toContain("Met in some runs");
  });
});
