import type { StandardSchemaV1 } from "./standard-schema.js";

/*
 * The types every call shares (docs/typing.md): the endpoints fal-rx knows the types of, what a
 * call's input and output are given its id and schemas, the helpers of the operations' two
 * overloads, and the result of a call.
 */

/**
 * The endpoints fal-rx knows the types of: id -> `{input, output}`. Empty until something merges
 * into it, so by default every id is a plain string and `data` is `unknown`.
 *
 * - fal's ~1,100 public endpoints, from `@fal-ai/client`'s generated map (types only, nothing at
 *   run time): `import type {} from "fal-rx/endpoints";` once in the project.
 * - Your own apps:
 *
 * @example
 * declare module "fal-rx" {
 *   interface FalEndpoints {
 *     "acme/upscaler": { input: { image_url: string; scale?: 2 | 4 }; output: { image: { url: string } } };
 *   }
 * }
 */
// An interface (not a type) so declaration merging can add to it from anywhere.
export interface FalEndpoints {}

/** An id {@link FalEndpoints} has types for (`never` when it is empty). */
export type KnownEndpointId = keyof FalEndpoints & string;

/**
 * What operations take as an endpoint id: any string, with the known ids offered first by
 * editors (`string & {}` keeps the literals from collapsing into `string`).
 */
export type FalEndpointId = KnownEndpointId | (string & {});

/** The input type of a known id; `unknown` (anything) for any other. */
export type EndpointInput<Id> = Id extends KnownEndpointId ? (FalEndpoints[Id] extends { input: infer I } ? I : unknown) : unknown;

/** The output type of a known id; `unknown` for any other. */
export type EndpointOutput<Id> = Id extends KnownEndpointId ? (FalEndpoints[Id] extends { output: infer O } ? O : unknown) : unknown;

/*
 * The typed signatures of the operations (`RunFunction` in run/run.ts, `StreamFunction`,
 * `SubscribeFunction`, `SubmitFunction`, `ResultFunction` beside their operations), shared by
 * FalClient, the `fal` singleton, the queue client and the Angular client (`Extra` adds that one's
 * options), are built from the helpers below. Each has two overloads:
 *
 * 1. `op$(id, options)`: types from the id ({@link FalEndpoints}) and the schemas in `options`.
 *    Known ids autocomplete; a wrong input field does not compile; any other id gives `unknown`.
 * 2. `op$<Output, ...>(id, options)`: types the caller names, as before typed endpoints. Chosen
 *    with explicit type arguments, and for an id typed plain `string`. Without type arguments a
 *    known id is refused here (`never`), so a wrong input for a known id is an error, not a silent
 *    fall back to `unknown` types.
 */

/** A schema option as inferred: the schema given, or `undefined` when there is none. */
export type SchemaSlot = StandardSchemaV1 | undefined;

/** What a call's `input` is: the input schema's input type when there is one, else the endpoint's. */
export type CallInput<Id, In> = In extends StandardSchemaV1 ? StandardSchemaV1.InferInput<In> : EndpointInput<Id>;

/** What a call's `data` is: the schema's output type when there is one, else the endpoint's output. */
export type CallOutput<Id, Out> = Out extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<Out> : EndpointOutput<Id>;

/** An id for the explicit-types overload: any string, except a known id whose types were inferred. */
export type UntypedEndpointId<Id extends string> = Id extends KnownEndpointId ? never : Id;

/**
 * The options parameter of the inferred overload. For an id typed plain `string` (or `any`) there
 * is nothing to infer from: the overload is then refused, so `run$<string>(id)` and `run$<any>(id)`
 * reach the explicit-types overload and mean what they say. (A rest tuple, not a conditional id
 * parameter: editors keep offering the known ids.)
 */
export type TypedOptions<Id, Options> = string extends Id ? [never] : [options?: Options];

/** {@link TypedOptions} for an operation whose options are required (`queue.result$`). */
export type TypedRequiredOptions<Id, Options> = string extends Id ? [never] : [options: Options];

/** A model's output and the id fal gave the request. */
export interface Result<O> {
  readonly data: O;
  /** fal's request id (`x-fal-request-id`, or the queue's `request_id`); `""` if fal sent none. */
  readonly requestId: string;
}
