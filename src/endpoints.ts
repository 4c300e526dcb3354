/**
 * fal-rx/endpoints: types only. Importing it once types every operation by fal's own generated
 * map of its public endpoints (`EndpointTypeMap` from `@fal-ai/client/endpoints`): known ids
 * autocomplete, `input` is checked, `data` is typed.
 *
 * Needs `@fal-ai/client` installed (an optional peer dependency: only its declarations are read).
 * Nothing reaches the JavaScript: the import below is `import type`, so the built entry is empty
 * and no bundle ever contains `@fal-ai/client`.
 *
 * @example
 * // once, anywhere in the program (main.ts, a global .d.ts):
 * import type {} from "fal-rx/endpoints";
 * // or in tsconfig.json: "compilerOptions": { "types": ["fal-rx/endpoints"] }
 */
import type { EndpointTypeMap } from "@fal-ai/client/endpoints";

// Merged into the declaration itself (not through "fal-rx"): the path is the same in src/ and in
// the built dist/types/, so the augmentation works in this repository and in a user's project.
declare module "./call/typing.js" {
  interface FalEndpoints extends EndpointTypeMap {}
}
