// Forked by emulator-process.ts: the built emulator, listening on a free port; sends its URLs over
// the IPC channel and exits when the channel closes. Options (JSON) come in EMULATOR_OPTIONS, e.g.
// {"key": "<BENCH_KEY>", "uploadLatencyMs": 100}.
const { startEmulator } = require("fal-rx/emulator");

const options = JSON.parse(process.env.EMULATOR_OPTIONS || "{}");

// Benchmark endpoints, next to the built-ins.
const endpoints = {
  // Sleeps `duration_ms` (cancellable), then answers its input's `id` and `completed_at`: when the
  // job completed, in epoch ms on the performance clock (fractional). The bench process reads the
  // same clock, so completion latency = time the client emits the result - completed_at.
  "bench/timed": async (input, ctx) => {
    await ctx.sleep(Math.max(0, Number(input?.duration_ms ?? 0)));
    return { id: input?.id, completed_at: performance.timeOrigin + performance.now() };
  },
};

// Closed by the benchmark when it is done with it, or because the benchmark is gone: either way, stop.
process.once("disconnect", () => process.exit(0));

startEmulator({ port: 0, endpoints, ...options }).then((emulator) => {
  process.send({ url: emulator.url, baseUrls: emulator.baseUrls });
});
