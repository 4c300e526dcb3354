import { createServer } from "node:http";
import { falProxy } from "fal-rx/server";
import { isSignedIn } from "./app";

const proxy = falProxy({ allowEndpoints: ["fal-ai/flux/*"], authorize: isSignedIn });

createServer((req, res) => {
  if (req.url === "/api/fal/proxy") return proxy(req, res);
  res.writeHead(404).end();
}).listen(3000);
