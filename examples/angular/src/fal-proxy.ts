import type { Request, Response } from "express";
import { FAL_HOSTS, onEmulator } from "./fal-emulator";

/** Hop-by-hop headers, and those fetch has already acted on (the body arrives decoded). */
const DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"]);

/**
 * The route the browser's `proxyUrl` points to (`app.all("/api/fal/proxy", express.raw(...), falProxy())`):
 * it takes fal's hosts only as targets, adds the key from `FAL_KEY`, and passes the answer back as it
 * arrives (server-sent events included). With `FAL_EMULATOR_URL` set, fal's hosts are the emulator's.
 * A stand-in for `falProxy` from `fal-rx/server`, which will take this route's place.
 */
export function falProxy(env: NodeJS.ProcessEnv = process.env) {
  return async (req: Request, res: Response): Promise<void> => {
    let target: URL;
    try {
      target = new URL(req.header("x-fal-target-url") ?? "");
    } catch {
      res.status(400).json({ detail: "x-fal-target-url is missing or not a URL" });
      return;
    }
    if (target.protocol !== "https:" || FAL_HOSTS[target.hostname] === undefined) {
      res.status(412).json({ detail: `${target.hostname} is not a fal host` });
      return;
    }
    const emulator = env["FAL_EMULATOR_URL"];
    const url = emulator ? onEmulator(target.href, emulator) : target.href;
    // The browser leaving (a new prompt, a closed tab) aborts the call to fal too.
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    try {
      const answer = await fetch(url, {
        method: req.method,
        headers: {
          authorization: `Key ${env["FAL_KEY"] ?? ""}`,
          accept: req.header("accept") ?? "application/json",
          ...(req.header("content-type") ? { "content-type": req.header("content-type")! } : {}),
        },
        body: Buffer.isBuffer(req.body) && req.body.length > 0 ? new Uint8Array(req.body) : undefined,
        signal: abort.signal,
      });
      res.status(answer.status);
      answer.headers.forEach((value, name) => DROPPED.has(name) || res.setHeader(name, value));
      res.flushHeaders();
      // Chunk by chunk, so server-sent events reach the browser as fal sends them.
      for await (const chunk of answer.body ?? []) res.write(chunk);
      res.end();
    } catch {
      if (abort.signal.aborted) return;
      if (res.headersSent) res.end();
      else res.status(502).json({ detail: "fal could not be reached" });
    }
  };
}
