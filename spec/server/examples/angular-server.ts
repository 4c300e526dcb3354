import express from "express";
import { falProxy } from "fal-rx/server";
import { isSignedIn } from "./app";

const app = express();

// FAL_EMULATOR=http://127.0.0.1:4010 (from `npx fal-rx emulator`): forward to the emulator instead of fal.
const emulator = process.env["FAL_EMULATOR"];
const emulatorHosts = emulator && { run: `${emulator}/run`, queue: `${emulator}/queue`, rest: `${emulator}/rest` };

// Before express.static and Angular's request handler, which the generated server.ts has below.
app.use(
  "/api/fal/proxy",
  falProxy<express.Request>({
    allowEndpoints: ["fal-ai/flux/*"],
    authorize: (req) => isSignedIn(req),
    ...(emulatorHosts ? { baseUrls: emulatorHosts, credentials: "emulator" } : {}),
  }),
);
