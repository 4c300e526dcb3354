import { asyncScheduler, defer, map, switchMap, type Observable, type SchedulerLike } from "rxjs";
import { callHeaders, type CallOptions } from "../call/options.js";
import { normalizeRoute, placeInput, type CallRoute, type HttpMethod } from "../call/route.js";
import { checkedResults, normalizeSchemas, preparedInput$, type CallSchemas, type InputSchemaOption, type OutputSchemaOption } from "../call/schemas.js";
import type { CallInput, CallOutput, FalEndpointId, Result, SchemaSlot, TypedOptions, UntypedEndpointId } from "../call/typing.js";
import type { NormalizedConfig } from "../config.js";
import { resolveEndpoint, runUrl, withQuery, type Endpoint } from "../routes.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";

/** Options of `run$`; `O` types the `output` schema (see docs/typing.md). */
export interface RunOptions<I = unknown, O = unknown> extends CallOptions, InputSchemaOption<I>, OutputSchemaOption<O> {
  /** The model's input: the JSON body, or the query string for GET. @default undefined */
  input?: I;
  /** @default "post" */
  method?: HttpMethod | Uppercase<HttpMethod>;
  /** Sub-path after the endpoint id, e.g. `"/stream"`-less routes like `"/v2"`. @default "" */
  path?: string;
  /** Extra query parameters. @default undefined */
  query?: Record<string, unknown>;
}

/**
 * Calls a model synchronously: `POST {run}/{id}[/path]`. Emits exactly one {@link Result}, then
 * completes. Cold: nothing is sent before subscribe; unsubscribing aborts the request.
 * Files in the input (Blob, File, Buffer, Uint8Array, ArrayBuffer) are uploaded to fal storage
 * first and sent as their URLs (see `transformInput$`); an upload failure errors the call.
 *
 * Errors: {@link InvalidEndpointIdError} / {@link InvalidOptionError} (nothing sent; an input the
 * `inputSchema` rejects too), {@link ValidationError} (422), {@link ApiError} (any other non-2xx,
 * after retries), {@link NetworkError} (no answer, after retries), {@link OutputValidationError}
 * (a result the `output` schema rejects).
 *
 * @example
 * run$(config, "fal-ai/flux/dev", { input: { prompt: "a cat" } }).subscribe(({ data }) => show(data));
 */
export function run$<O = unknown, I = unknown>(
  config: NormalizedConfig,
  endpointId: string,
  options: RunOptions<I, O> = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<Result<O>> {
  return defer(() => {
    const call = normalizeRunOptions(endpointId, options);
    return preparedInput$(config, call.schemas.input, options.input, scheduler).pipe(
      switchMap((input) => {
        const { query, json } = placeInput(call, input);
        const url = withQuery(runUrl(config.baseUrls, call.endpoint, call.path), query);
        return request$<FalResponse<O>>(config, { method: call.method, url, headers: call.headers, json }, scheduler);
      }),
      map((response) => ({ data: response.data, requestId: response.requestId ?? "" })),
      checkedResults(endpointId, call.schemas.output),
    );
  });
}

/** {@link RunOptions} checked, in the order a caller reads them: what `run$` sends. */
interface RunCall extends CallRoute {
  readonly endpoint: Endpoint;
  readonly headers: Record<string, string>;
  readonly schemas: CallSchemas;
}

/** Resolves the endpoint and checks every option; throws {@link InvalidEndpointIdError} or {@link InvalidOptionError} for the first problem. */
function normalizeRunOptions(endpointId: string, options: RunOptions<unknown, unknown>): RunCall {
  const endpoint = resolveEndpoint(endpointId);
  const route = normalizeRoute(options, "");
  const headers = callHeaders(options);
  return { ...route, endpoint, headers, schemas: normalizeSchemas(options) };
}

/**
 * `run$`: one `Result`, then complete. See {@link run$} and docs/typing.md.
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
