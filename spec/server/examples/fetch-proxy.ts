import { falProxyFetch } from "fal-rx/server";
import { hasSession } from "./app";

const proxy = falProxyFetch({ allowEndpoints: ["fal-ai/flux/*"], authorize: hasSession });

// fal-rx sends GET (status, result), POST (calls) and PUT (cancel).
export { proxy as GET, proxy as POST, proxy as PUT };
