import type { StandardSchemaV1 } from "./standard-schema.js";

/** The `inputSchema` option of the calls that send an input (run$, subscribe$, stream$, `queue.submit$`). */
export interface InputSchemaOption<I = unknown> {
  /**
   * Checks `input` at subscribe, before anything is sent (uploads included), and types it. What is
   * sent is what the schema makes of it (zod fills defaults and drops unknown keys). A rejected
   * input errors with `InvalidOptionError` naming the first wrong field (`input.num_images`).
   * Ignored by `subscribe$` with `requestId` (nothing is submitted). Any Standard Schema: zod,
   * `zod/mini`, valibot, arktype.
   * @default undefined (sent as given)
   */
  inputSchema?: StandardSchemaV1<I, unknown>;
}

/** The `output` option of the calls that return a model's output (run$, subscribe$, stream$, `queue.result$`, `queue.subscribe$`). */
export interface OutputSchemaOption<O = unknown> {
  /**
   * Checks the result's `data` before it is emitted, and types it: `data` is the schema's output.
   * A rejected result errors with `OutputValidationError` naming the endpoint, the request id and
   * the field path (`images.0.url`). Any Standard Schema: zod, `zod/mini`, valibot, arktype.
   * @default undefined (emitted as received, typed by the endpoint or `unknown`)
   */
  output?: StandardSchemaV1<unknown, O>;
}

/** The `partial` option of `stream$`. */
export interface PartialSchemaOption<P = unknown> {
  /**
   * Checks each partial's `data` before it is emitted, and types it. Every data event is a partial,
   * the last one too (it then becomes the result, checked by `output`). A rejected partial errors
   * the stream with `OutputValidationError` (kind `"partial"`, with the partial's number) and
   * closes the connection.
   * @default undefined (emitted as received)
   */
  partial?: StandardSchemaV1<unknown, P>;
}
