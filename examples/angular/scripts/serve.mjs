// `npm start` (after `npm run build`): the emulator and the built SSR server, wired together.
import { spawn } from "node:child_process";
import { EMULATOR_KEY, startExampleEmulator } from "./emulator.mjs";

const emulator = await startExampleEmulator(Number(process.env.EMULATOR_PORT ?? 4010));
const server = spawn(process.execPath, ["dist/fal-rx-example/server/server.mjs"], {
  stdio: "inherit",
  env: { ...process.env, PORT: process.env.PORT ?? "4000", FAL_KEY: EMULATOR_KEY, FAL_EMULATOR_URL: emulator.url },
});
console.log(`fal emulator on ${emulator.url}; the app on http://localhost:${process.env.PORT ?? 4000}`);
const stop = () => {
  server.kill("SIGTERM");
  void emulator.close();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
server.once("exit", () => void emulator.close());
