// Started by emulator-process.ts: the built emulator, listening on a free port.
const { startEmulator } = require("fal-rx/emulator");

startEmulator({ port: 0, key: "bench-key:secret" }).then((emulator) => {
  process.stdout.write(`${JSON.stringify({ url: emulator.url, baseUrls: emulator.baseUrls })}\n`);
  process.once("SIGTERM", () => emulator.close().then(() => process.exit(0)));
});
