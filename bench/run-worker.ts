/**
 * One contender of run.bench.ts in a process of its own (worker-contender.ts): each round,
 * `SEQUENTIAL` calls one after the other, then `BATCH` at once, client CPU and wall of each.
 * Env: CALL (a key of runCalls()), BASE_URLS, SEQUENTIAL, BATCH.
 */
import type { BaseUrls } from "fal-rx";
import { cpuAndWall } from "./harness";
import { runCalls } from "./run-calls";
import { serveRounds } from "./worker-contender";

const call = runCalls(JSON.parse(process.env.BASE_URLS!) as BaseUrls)[process.env.CALL!]!;
const sequential = Number(process.env.SEQUENTIAL);
const batch = Number(process.env.BATCH);

serveRounds(async () => {
  const seq = await cpuAndWall(async () => {
    for (let i = 0; i < sequential; i++) await call();
  });
  const conc = await cpuAndWall(() => Promise.all(Array.from({ length: batch }, call)));
  return {
    samples: {
      seqWallPerCall: (seq.wallMs / sequential) * 1000,
      seqCpuPerCall: (seq.cpuMs / sequential) * 1000,
      concWallPerBatch: conc.wallMs,
      concCpuPerCall: (conc.cpuMs / batch) * 1000,
    },
  };
});
