/**
 * What each layer under run$ costs, for bench/analysis.md: client CPU per sequential echo call,
 * from a bare fetch up to `firstValueFrom(fal.run$(...))`, with the official client alongside, in
 * short interleaved rounds (the clients' order alternating), medians over the rounds:
 *   npx ts-node -T -P bench/tsconfig.json bench/layers.ts [rounds=30] [calls=200] [--in-memory]
 * No forced GC between rounds: a full GC deoptimizes code (see `compare()` in harness.ts).
 * `--in-memory` answers every request from memory (the global fetch replaced; no socket, no
 * emulator), which leaves each client's own code, and rxjs's, plus Response handling.
 * The transport's `request$` is not public: it is loaded from the build (dist/cjs).
 */
import { firstValueFrom, takeLast } from "rxjs";
import { fromFetch } from "rxjs/fetch";
import type * as Transport from "../dist/types/transport/request";
import { clientsFor } from "./clients";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { median } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { request$ } = require("../dist/cjs/transport/request.js") as typeof Transport;

async function main(argv: string[]): Promise<void> {
  const inMemory = argv.includes("--in-memory");
  const [rounds = 30, calls = 200] = argv.filter((arg) => !arg.startsWith("--")).map(Number);
  const input = { prompt: "a cat in a spacesuit", seed: 42 };
  const body = JSON.stringify(input);
  const emulator = inMemory ? undefined : await startEmulatorProcess();
  const baseUrls = emulator?.baseUrls ?? { run: "https://fal.run", queue: "https://queue.fal.run", rest: "https://rest.fal.ai" };
  if (inMemory) {
    const headers = { "content-type": "application/json", "x-fal-request-id": "in-memory" };
    globalThis.fetch = async () => new Response(body, { status: 200, headers });
  }
  try {
    const { falRx, official } = clientsFor(baseUrls);
    const url = `${baseUrls.run}/fal-ai/echo`;
    const init = () => ({ method: "POST", headers: { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "application/json" }, body });
    const layers: Record<string, () => Promise<unknown>> = {
      "fetch, response.json()": async () => (await fetch(url, init())).json(),
      "+ an AbortSignal": async () => (await fetch(url, { ...init(), signal: new AbortController().signal })).json(),
      "+ text() and JSON.parse": async () => JSON.parse(await (await fetch(url, { ...init(), signal: new AbortController().signal })).text()),
      "fromFetch(selector json) + takeLast(1)": () => firstValueFrom(fromFetch(url, { ...init(), selector: (response) => response.json() }).pipe(takeLast(1))),
      "request$ (fal-rx's transport)": () => firstValueFrom(request$(falRx.settings, { method: "POST", url, json: input })),
      "firstValueFrom(run$)": () => firstValueFrom(falRx.run$("fal-ai/echo", { input })),
      "official run": () => official.run("fal-ai/echo", { input }),
    };
    const perCall: Record<string, number[]> = {};
    for (const call of Object.values(layers)) for (let i = 0; i < calls * 3; i++) await call();
    for (let round = 0; round < rounds; round++) {
      const names = Object.keys(layers);
      for (const name of round % 2 ? names.reverse() : names) {
        const start = process.cpuUsage();
        for (let i = 0; i < calls; i++) await layers[name]!();
        const used = process.cpuUsage(start);
        (perCall[name] ??= []).push((used.user + used.system) / calls);
      }
    }
    const official_ = median(perCall["official run"]!);
    process.stdout.write(`client CPU per sequential call, µs (median of ${rounds} rounds of ${calls}${inMemory ? ", in-memory fetch" : ""})\n`);
    let previous: number | undefined;
    for (const [name, values] of Object.entries(perCall)) {
      const value = median(values);
      const step = previous === undefined || name === "official run" ? "" : ` (${value >= previous ? "+" : ""}${(value - previous).toFixed(0)})`;
      process.stdout.write(`  ${name.padEnd(40)} ${value.toFixed(0).padStart(6)}${step.padEnd(8)} ${(value / official_).toFixed(2)}× official\n`);
      previous = value;
    }
  } finally {
    await emulator?.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
