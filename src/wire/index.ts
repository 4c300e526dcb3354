/**
 * Protocol vocabulary shared by the client and the emulator. Depends on zod only: each file
 * imports `* as z from "zod/mini"`, never `{ z }`, whose namespace object keeps all of zod in a
 * browser bundle (spec/build/build.spec.ts checks).
 */
export * from "./endpoint-id.js";
export * from "./headers.js";
export * from "./lifecycle.js";
export * from "./errors.js";
export * from "./queue.js";
export * from "./storage.js";
export * from "./token.js";
export * from "./webhook.js";
