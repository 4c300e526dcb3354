/** Protocol vocabulary shared by the client and the emulator. Depends on nothing. */
export * from "./endpoint-id.js";
export * from "./headers.js";
export * from "./lifecycle.js";
export * from "./errors.js";
export * from "./queue.js";
export * from "./storage.js";
