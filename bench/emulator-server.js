// Started by emulator-process.ts: the built emulator, listening on a free port. Options (JSON) come
// in EMULATOR_OPTIONS, e.g. {"uploadLatencyMs": 100}.
const { startEmulator } = require("fal-rx/emulator");

const options = JSON.parse(process.env.EMULATOR_OPTIONS || "{}");
startEmulator({ port: 0, key: "bench-key:secret", ...options }).then((emulator) => {
  process.stdout.write(`${JSON.stringify({ url: emulator.url, baseUrls: emulator.baseUrls })}\n`);
  process.once("SIGTERM", () => emulator.close().then(() => process.exit(0)));
});
