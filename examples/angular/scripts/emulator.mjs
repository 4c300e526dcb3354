// A fal emulator serving the endpoints this app calls, for `npm start` and `npm run check`.
// `node scripts/emulator.mjs` runs it alone on port 4010 (PORT to change it).
import { pathToFileURL } from "node:url";
import { startEmulator } from "fal-rx/emulator";

export const EMULATOR_KEY = "emulator-key";

/** An image that needs no network: the prompt, drawn. */
function picture(prompt) {
  const text = prompt.replace(/[<>&"]/g, "");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="100%" height="100%" fill="#1d3557"/><text x="16" y="104" fill="#f1faee" font-size="20">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function startExampleEmulator(port = 0) {
  return startEmulator({
    port,
    key: EMULATOR_KEY,
    // Its request log, jobs and reset over HTTP, for the browser check (docs/emulator.md).
    control: true,
    // Hands out fal's own queue URLs, as fal does: the browser sends them to the app's proxy.
    queue: { publicUrl: "https://queue.fal.run" },
    endpoints: {
      "fal-ai/flux/dev": async ({ prompt }, ctx) => {
        ctx.log("loading model");
        // "slow" in the prompt: long enough for the check to replace it with another prompt.
        await ctx.sleep(prompt.includes("slow") ? 30_000 : 300);
        ctx.log("sampling");
        return { images: [{ url: picture(prompt), width: 320, height: 200 }] };
      },
      "fal-ai/any-llm": {
        run: () => ({ output: "Observables are lazy: nothing happens until you subscribe." }),
        async *stream(_input, ctx) {
          let output = "";
          for (const word of "Observables are lazy: nothing happens until you subscribe.".split(" ")) {
            await ctx.sleep(80);
            output += (output ? " " : "") + word;
            yield { output };
          }
        },
      },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const emulator = await startExampleEmulator(Number(process.env.PORT ?? 4010));
  console.log(`fal emulator on ${emulator.url} (key ${EMULATOR_KEY}); Ctrl-C stops it`);
  process.once("SIGINT", () => void emulator.close());
}
