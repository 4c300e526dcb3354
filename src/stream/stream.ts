import { asyncScheduler, defer, map, of, switchMap, type Observable, type SchedulerLike } from "rxjs";
import { placeInput } from "../call/route.js";
import { checkedEvents, preparedInput$ } from "../call/schemas.js";
import type { CallInput, CallOutput, FalEndpointId, SchemaSlot, TypedOptions, UntypedEndpointId } from "../call/typing.js";
import type { NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { runUrl, withQuery } from "../routes.js";
import { lastAfterExchange, streamRequest$ } from "../transport/request.js";
import { firstToken, providedToken$, temporaryToken$ } from "../transport/token.js";
import { HEADER } from "../wire/headers.js";
import type { StreamEvent } from "./events.js";
import { normalizeStreamOptions, type NormalizedStreamOptions, type StreamOptions } from "./options.js";
import { streamEvents$ } from "./reader.js";

/**
 * Calls an app's streaming route (`POST {run}/{id}/stream`, server-sent events) and emits
 * `{type: "partial", data}` for every data event the moment its bytes arrive, in order, then one
 * `{type: "result", data, requestId}` (the last data event: fal sends the final result last), then
 * completes. A 2xx answer that is not an event stream is emitted as the result. Cold: nothing is
 * sent before subscribe; unsubscribing aborts the request and releases the reader.
 *
 * Retries: a retryable failure before the answer (429, 502, 503, 504, `X-Fal-Needs-Retry`,
 * connection refused) is retried like any request. Once a 2xx answer has started nothing is
 * retried: a stream cannot be resumed and the model has run.
 *
 * Errors: {@link InvalidEndpointIdError}/{@link InvalidOptionError} (nothing sent);
 * {@link ApiError}/{@link ValidationError} for a non-2xx (404 "Path /stream not found": the app
 * has no streaming route); {@link ApiError} for an error the server sends in the stream
 * (`event: error` or `{error}`); {@link WireFormatError} for a data event that is not JSON, a body
 * cut mid-stream or one without any data event; {@link FalTimeoutError} (`kind: "inactivity"`)
 * after `timeout` ms without a byte; {@link NetworkError} when no answer came (after retries);
 * {@link OutputValidationError} for a partial the `partial` schema rejects (the connection is
 * closed) or a result the `output` schema rejects. In `"client"` mode, a `tokenProvider` that throws
 * or fails errors with a {@link FalError} naming the app (the original in `cause`), as in realtime.
 *
 * @example
 * fal.stream$<Answer, Answer>("fal-ai/any-llm", { input: { prompt } })
 *   .pipe(partials())
 *   .subscribe((partial) => (text = partial.output));
 */
export function stream$<O = unknown, P = O, I = unknown>(
  config: NormalizedConfig,
  endpointId: string,
  options: StreamOptions<I, O, P> = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<StreamEvent<O, P>> {
  return defer(() => {
    const normalized = normalizeStreamOptions(endpointId, options);
    const { schemas } = normalized;
    return preparedInput$(config, schemas.input, normalized.input, scheduler).pipe(
      switchMap((input) => connection$(config, normalized, scheduler).pipe(map((connection) => ({ input, connection })))),
      switchMap(({ input, connection }) => {
        const { query, json } = placeInput(normalized, input);
        return streamRequest$(
          config,
          { method: normalized.method, url: withQuery(connection.url, query), headers: normalized.headers, json, token: connection.token },
          (response, shownUrl) =>
            streamEvents$<O, P>(response, { method: normalized.method, url: shownUrl }, normalized, scheduler).pipe(
              // Partials carry no request id: the answer's header names the request.
              checkedEvents(endpointId, schemas, response.headers.get(HEADER.requestId) ?? ""),
            ),
          scheduler,
        ).pipe(lastAfterExchange((event) => event.type === "result"));
      }),
    );
  });
}

/**
 * Where the stream request goes and how it is authenticated. `"server"`: the run URL, key or proxy
 * as usual. `"client"`: the run URL with a short-lived token in `fal_jwt_token`, no key, no proxy.
 */
function connection$(
  config: NormalizedConfig,
  options: NormalizedStreamOptions<unknown>,
  scheduler: SchedulerLike,
): Observable<{ url: string; token?: string }> {
  const url = runUrl(config.baseUrls, options.endpoint, options.path);
  if (options.connectionMode === "server") return of({ url });
  return token$(config, options, scheduler).pipe(map((token) => ({ url, token })));
}

function token$(config: NormalizedConfig, options: NormalizedStreamOptions<unknown>, scheduler: SchedulerLike): Observable<string> {
  const { tokenProvider, endpoint } = options;
  if (!tokenProvider) {
    // normalizeStreamOptions requires a provider for full URLs, so this is an id.
    return temporaryToken$(config, endpoint.kind === "id" ? endpoint.id.alias : "", scheduler);
  }
  return providedToken$(tokenProvider, `${options.endpointId}${options.path}`).pipe(
    firstToken((got) => new InvalidOptionError("tokenProvider", got, "a function whose answer is a non-empty token string")),
  );
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
