import express from "express";
import { falProxy } from "fal-rx/server";
import { isSignedIn } from "./app";

const app = express();

// Mounted before any body parser, so bodies are forwarded byte for byte. The key: FAL_KEY.
app.use(
  "/api/fal/proxy",
  falProxy<express.Request>({
    allowEndpoints: ["fal-ai/flux/*", "fal-ai/flux-pro/v1.1"],
    authorize: (req) => isSignedIn(req),
  }),
);

app.listen(3000);
