/**
 * Where the emulator serves fal's hosts: one origin, told apart by path prefix. Shared by the
 * emulator (Node) and the client entry (browsers), which has {@link emulatorBaseUrls} for apps.
 */
export const EMULATOR_PREFIXES = { run: "/run", queue: "/queue", rest: "/rest", upload: "/upload" } as const;

/** The emulator's own routes (request log, jobs, reset), apart from fal's: `/_emulator/...`. */
export const EMULATOR_CONTROL_PREFIX = "/_emulator";

/**
 * The run, queue and rest base URLs of an emulator listening at `origin` (one origin, told apart
 * by path prefix): what `createFalClient({ baseUrls })` needs to talk to it. Browser-safe: exported
 * by `fal-rx` for apps that talk to an emulator started elsewhere (`npx fal-rx emulator`).
 *
 * @example
 * emulatorBaseUrls("http://127.0.0.1:4010").queue // "http://127.0.0.1:4010/queue"
 */
export function emulatorBaseUrls(origin: string): { readonly run: string; readonly queue: string; readonly rest: string } {
  const root = origin.replace(/\/+$/, "");
  return { run: `${root}${EMULATOR_PREFIXES.run}`, queue: `${root}${EMULATOR_PREFIXES.queue}`, rest: `${root}${EMULATOR_PREFIXES.rest}` };
}
