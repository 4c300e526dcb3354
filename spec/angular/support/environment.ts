import type { EnvironmentContext, JestEnvironmentConfig } from "@jest/environment";
// jest-preset-angular's environment runs the jsdom the project installs (29), whose XHR honours
// `access-control-expose-headers: *`; jest-environment-jsdom's own (26) hides x-fal-request-id.
import JSDOMEnvironment from "jest-preset-angular/environments/jest-jsdom-env";

/**
 * jsdom for Angular's TestBed, with Node's own networking put back. jsdom has no `fetch`, and the
 * specs must talk to the emulator over loopback with the real one; Node's fetch also needs Node's
 * own AbortController and streams (undici does not accept jsdom's). `setImmediate` is back for
 * spec/support/observe.ts's `until()`. Values made by these (a body's ArrayBuffer) come from Node's
 * realm, so `instanceof` against the spec's own globals fails on them: specs build bytes with
 * `new Uint8Array([...])`, not `TextEncoder`.
 */
export default class JsdomWithNodeFetch extends JSDOMEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const node = globalThis as unknown as Record<string, unknown>;
    const target = (this as unknown as { global: Record<string, unknown> }).global;
    for (const name of NODE_GLOBALS) target[name] = node[name];
  }
}

const NODE_GLOBALS = [
  "fetch",
  "Request",
  "Response",
  "Headers",
  "AbortController",
  "AbortSignal",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "TextDecoderStream",
  "structuredClone",
  "setImmediate",
  "clearImmediate",
];
