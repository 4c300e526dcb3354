import { firstValueFrom, lastValueFrom } from "rxjs";
import type { BaseUrls } from "fal-rx";
import { clientsFor, falRxWithFetchOption } from "./clients";
import { BENCH_KEY } from "./emulator-process";

/** The echo input every run$ benchmark sends. */
export const RUN_INPUT = { prompt: "a cat in a spacesuit", seed: 42 };

/**
 * One echo call per contender of run.bench.ts, each as its users write it: fal-rx awaited with
 * `firstValueFrom` (main), `lastValueFrom`, or through a client given a `fetch` of its own; the
 * official client's `await run(...)`; and raw fetch, the floor (the same POST, `response.json()`).
 */
export function runCalls(baseUrls: BaseUrls): Record<string, () => Promise<unknown>> {
  const { falRx, official } = clientsFor(baseUrls);
  const withFetch = falRxWithFetchOption(baseUrls);
  const url = `${baseUrls.run}/fal-ai/echo`;
  const input = RUN_INPUT;
  return {
    "fal-rx": () => firstValueFrom(falRx.run$("fal-ai/echo", { input })),
    official: () => official.run("fal-ai/echo", { input }),
    "raw fetch": async () => {
      const headers = { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "application/json" };
      return (await fetch(url, { method: "POST", headers, body: JSON.stringify(input) })).json();
    },
    "fal-rx, lastValueFrom": () => lastValueFrom(falRx.run$("fal-ai/echo", { input })),
    "fal-rx, fetch option": () => firstValueFrom(withFetch.run$("fal-ai/echo", { input })),
  };
}
