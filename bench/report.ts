import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { median, ratio, type Row } from "./harness";
import { gap, measured, met, parseTarget } from "./targets";

const ANALYSIS = join(__dirname, "analysis.md");

export interface Machine {
  date: string;
  node: string;
  cpu: string;
  quick: boolean;
  /** 1-minute load average when each run started, when known. */
  loads?: number[];
  /** The files of saved JSON lines the report was rendered from (`--from`), when it was. */
  from?: string[];
}

function fmt(value: number | undefined, unit: string): string {
  if (value === undefined) return "—";
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ""}`;
}

const times = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(2)}×`);
const percent = (change: number) => `${change > 0 ? "+" : "−"}${Math.abs(change * 100).toFixed(0)} %`;

/** One row per benchmark and metric, its figures the median over the runs that measured it. */
export interface Merged {
  row: Row;
  /** fal-rx / official in each run. */
  ratios: number[];
  /** Whether each run met the target (`undefined`: judged by hand). */
  verdicts: (boolean | undefined)[];
}

/** Rows of several runs, grouped by benchmark and metric (first-seen order), figures the medians over the runs. */
export function mergeRuns(runs: Row[][]): Merged[] {
  const groups = new Map<string, Row[]>();
  for (const rows of runs) for (const row of rows) groups.set(`${row.bench}\u0000${row.metric}`, [...(groups.get(`${row.bench}\u0000${row.metric}`) ?? []), row]);
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const mid = (pick: (row: Row) => number | undefined) => {
      const values = rows.map(pick).filter((value): value is number => value !== undefined);
      return values.length ? median(values) : undefined;
    };
    const row: Row = {
      ...first,
      falRx: mid((r) => r.falRx)!,
      official: mid((r) => r.official),
      baseline: first.baseline && { name: first.baseline.name, value: mid((r) => r.baseline?.value)! },
      references: first.references?.map(({ name }) => ({ name, value: mid((r) => r.references?.find((ref) => ref.name === name)?.value)! })),
    };
    return { row, ratios: rows.map(ratio).filter((value): value is number => value !== undefined), verdicts: rows.map(met) };
  });
}

type Word = "yes" | "partly" | "no";

/**
 * How the runs met the row's target: `word` for a target the grammar reads (none without a target
 * or for one judged by hand), and the table's text: "yes (2 of 2 runs; 12 % headroom)",
 * "no (0 of 2 runs; fal-rx needs −18 %)", "by hand", or "".
 */
function judge({ row, verdicts }: Merged): { word?: Word; text: string } {
  const target = parseTarget(row);
  const figure = target && measured(row, target);
  if (!target || figure === undefined || verdicts.some((v) => v === undefined)) return { text: row.target ? "by hand" : "" };
  const yes = verdicts.filter(Boolean).length;
  const runs = `${yes} of ${verdicts.length} run${verdicts.length > 1 ? "s" : ""}`;
  const change = gap(target, figure);
  const word = yes === verdicts.length ? "yes" : yes === 0 ? "no" : "partly";
  if (change === undefined) return { word, text: `${word} (${runs})` };
  return { word, text: word === "yes" ? `${word} (${runs}; ${Math.abs(change * 100).toFixed(0)} % headroom)` : `${word} (${runs}; fal-rx needs ${percent(change)})` };
}

/** The median ratio over the runs and, with more than one run, the lowest and highest run's. */
function ratioText(ratios: number[]): { mid: string; range: string } {
  const span = ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×` : "";
  return { mid: times(ratios.length ? median(ratios) : undefined), range: span };
}

/** The figure a row's target is about, as the summary states it: a ratio with its range over the runs, or fal-rx's own. */
function targetFigure({ row, ratios }: Merged): string {
  const target = parseTarget(row)!;
  if (target.of === "value") return `fal-rx ${fmt(row.falRx, row.unit)}${row.official === undefined ? "" : `, official ${fmt(row.official, row.unit)}`}`;
  if (target.of === "baseline") return `${times(row.falRx / row.baseline!.value)} ${row.baseline!.name}`;
  const { mid, range } = ratioText(ratios);
  return `${mid} the official client${range ? ` (runs ${range})` : ""}`;
}

const GROUPS: [Word, string][] = [
  ["no", "Missed in every run"],
  ["partly", "Met in some runs, missed in others"],
  ["yes", "Met in every run"],
];

/**
 * The rows with a target, grouped by how the runs met it, each with its figure: the figures
 * bench/analysis.md explains, so it copies none of them by hand.
 */
function renderTargets(merged: Merged[]): string[] {
  const lines = ["## Targets, met and missed", "", "Generated with the table from the same runs: every row with a target, by how the runs met it.", ""];
  for (const [word, title] of GROUPS) {
    const entries = merged.filter((entry) => judge(entry).word === word);
    if (!entries.length) continue;
    lines.push(`**${title}** (${entries.length}):`, "");
    for (const entry of entries) lines.push(`- ${entry.row.bench}, ${entry.row.metric}: ${targetFigure(entry)}; target ${entry.row.target}; ${judge(entry).text}`);
    lines.push("");
  }
  const byHand = merged.filter((entry) => entry.row.target !== undefined && judge(entry).word === undefined);
  if (byHand.length) lines.push(`**Judged by hand** (${byHand.length}): ${byHand.map(({ row }) => `${row.bench}, ${row.metric} (${row.target})`).join("; ")}.`, "");
  return lines;
}

function alsoMeasured(row: Row): string {
  const parts: string[] = [];
  if (row.baseline) parts.push(`${row.baseline.name}: ${fmt(row.baseline.value, row.unit)} (fal-rx ${times(row.falRx / row.baseline.value)})`);
  for (const ref of row.references ?? []) {
    parts.push(`${ref.name}: ${fmt(ref.value, row.unit)}${row.official ? ` (${times(ref.value / row.official)} official)` : ""}`);
  }
  return parts.join("; ");
}

/**
 * The markdown report: the merged table of the runs, the targets met and missed, then the
 * hand-written analysis (bench/analysis.md).
 */
export function renderReport(runs: Row[][], machine: Machine): string {
  const merged = mergeRuns(runs);
  const loads = machine.loads?.length ? ` Load average (1 min) when each run started: ${machine.loads.map((l) => l.toFixed(1)).join(", ")}.` : "";
  const lines = [
    "# Benchmarks",
    "",
    "<!-- Generated by bench/main.ts (`npm run bench`): edit bench/analysis.md, not this file. -->",
    "",
    machine.from
      ? `Rendered by \`npm run bench -- --from ${machine.from.join(",")}\` on ${machine.date} from the runs saved there, Node ${machine.node}, ${machine.cpu}.`
      : `Generated by \`npm run bench${machine.quick ? " -- --quick" : ""}\` on ${machine.date}, Node ${machine.node}, ${machine.cpu}.${loads}`,
    "Each run measures every benchmark with both clients in alternating order, round after round;",
    "a run's figure is the median of its measured rounds. Below, **fal-rx** and **official** are the",
    "medians of the runs' figures, **ratio** = fal-rx / official (below 1 is better for fal-rx, except",
    "where the metric says higher is better) as the median of the runs' ratios, **range** the lowest",
    "and highest run's ratio and the number of runs, and **met?** says in how many runs the target was",
    "met and by how much fal-rx's own figure would have to move to meet it (or could move and still",
    "meet it).",
    "",
    "| benchmark | metric | fal-rx | official | ratio | range | target | met? | also measured |",
    "|---|---|---|---|---|---|---|---|---|",
    ...merged.map((entry) => {
      const { row, ratios } = entry;
      const { mid, range } = ratioText(ratios);
      const runCount = entry.verdicts.length;
      const runs = `${range ? `${range}, ` : ""}${runCount} run${runCount > 1 ? "s" : ""}`;
      const metric = `${row.metric}${row.higherIsBetter ? " (higher is better)" : ""}`;
      return `| ${row.bench} | ${metric} | ${fmt(row.falRx, row.unit)} | ${fmt(row.official, row.unit)} | ${mid} | ${runs} | ${row.target ?? ""} | ${judge(entry).text} | ${alsoMeasured(row)} |`;
    }),
    "",
    ...renderTargets(merged),
  ];
  if (existsSync(ANALYSIS)) lines.push(readFileSync(ANALYSIS, "utf8"));
  return `${lines.join("\n")}\n`;
}
