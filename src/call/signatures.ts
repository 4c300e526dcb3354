import type { Observable } from "rxjs";
import type { SubscribeEvent } from "../queue/events.js";
import type { InQueueStatus } from "../wire/queue.js";
import type { EndpointInput, EndpointOutput, FalEndpointId, KnownEndpointId } from "./typing.js";
import type { Result } from "./result.js";
import type { RunOptions } from "../run/run.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { StreamEvent } from "../stream/events.js";
import type { StreamOptions } from "../stream/options.js";
import type { SubmitOptions } from "../queue/submit.js";
import type { SubscribeOptions } from "../queue/subscribe-options.js";

/*
 * The typed signatures of the operations, shared by FalClient, the `fal` singleton, the queue
 * client and the Angular client (`Extra` adds that one's options). Each has two overloads:
 *
 * 1. `op$(id, options)`: types from the id ({@link FalEndpoints}) and the schemas in `options`.
 *    Known ids autocomplete; a wrong input field does not compile; any other id gives `unknown`.
 * 2. `op$<Output, ...>(id, options)`: types the caller names, as before typed endpoints. Chosen
 *    with explicit type arguments, and for an id typed plain `string`. Without type arguments a
 *    known id is refused here (`never`), so a wrong input for a known id is an error, not a silent
 *    fall back to `unknown` types.
 */

type Schema = StandardSchemaV1;
/** A schema option as inferred: the schema given, or `undefined` when there is none. */
type SchemaSlot = Schema | undefined;

/** What a call's `input` is: the input schema's input type when there is one, else the endpoint's. */
export type CallInput<Id, In> = In extends Schema ? StandardSchemaV1.InferInput<In> : EndpointInput<Id>;

/** What a call's `data` is: the schema's output type when there is one, else the endpoint's output. */
export type CallOutput<Id, Out> = Out extends Schema ? StandardSchemaV1.InferOutput<Out> : EndpointOutput<Id>;

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

/**
 * `run$`: one `Result`, then complete. See `run$` in operations/run.ts and docs/typing.md.
 *
 * @example
 * fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" } }); // data: FluxDevOutput with fal-rx/endpoints
 * fal.run$("acme/app", { input, output: Answer });             // data: z.output<typeof Answer>
 * fal.run$<Answer>("acme/app", { input });                     // data: Answer, unchecked
 */
export interface RunFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined, Out extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, RunOptions<CallInput<Id, In>> & { inputSchema?: In; output?: Out } & Extra>
  ): Observable<Result<CallOutput<Id, Out>>>;
  <O, I = unknown, Id extends string = string>(endpointId: UntypedEndpointId<Id>, options?: RunOptions<I, O> & Extra): Observable<Result<O>>;
}

/**
 * `stream$`: partials, then the result. Partials are typed by the `partial` schema, else as the
 * endpoint's output (fal's own typing; they may hold only part of it).
 *
 * @example
 * fal.stream$("acme/llm", { input, partial: Chunk, output: Answer }).pipe(partials()); // Observable<z.output<typeof Chunk>>
 */
export interface StreamFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined, Out extends SchemaSlot = undefined, Part extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, StreamOptions<CallInput<Id, In>> & { inputSchema?: In; output?: Out; partial?: Part } & Extra>
  ): Observable<StreamEvent<CallOutput<Id, Out>, CallOutput<Id, Part>>>;
  <O, P = O, I = unknown, Id extends string = string>(
    endpointId: UntypedEndpointId<Id>,
    options?: StreamOptions<I, O, P> & Extra,
  ): Observable<StreamEvent<O, P>>;
}

/**
 * `subscribe$` (and `queue.subscribe$`): status events, then the result.
 *
 * @example
 * fal.subscribe$("fal-ai/flux/dev", { input: { prompt }, logs: true }).pipe(toViewState());
 */
export interface SubscribeFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined, Out extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, SubscribeOptions<CallInput<Id, In>> & { inputSchema?: In; output?: Out } & Extra>
  ): Observable<SubscribeEvent<CallOutput<Id, Out>>>;
  <O, I = unknown, Id extends string = string>(
    endpointId: UntypedEndpointId<Id>,
    options?: SubscribeOptions<I, O> & Extra,
  ): Observable<SubscribeEvent<O>>;
}

/**
 * `queue.submit$`: the submit answer, then complete. The input is typed by the id or `inputSchema`.
 *
 * @example
 * fal.queue.submit$("fal-ai/flux/dev", { input: { prompt }, webhookUrl });
 */
export interface SubmitFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, SubmitOptions<CallInput<Id, In>> & { inputSchema?: In } & Extra>
  ): Observable<InQueueStatus>;
  <I, Id extends string = string>(endpointId: UntypedEndpointId<Id>, options?: SubmitOptions<I> & Extra): Observable<InQueueStatus>;
}
