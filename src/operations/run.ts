import { defer, map, switchMap, throwError, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint, runUrl, withQuery } from "../routes.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";
import { callHeaders, type CallOptions } from "./call-options.js";
import type { Result } from "./result.js";
import { preparedInput$ } from "./prepared-input.js";
import { checkedResults, normalizeSchemas } from "./schema.js";
import type { InputSchemaOption, OutputSchemaOption } from "./schema-options.js";

export type HttpMethod = "get" | "post" | "put" | "delete" | "patch";

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

const METHODS = new Set<string>(["get", "post", "put", "delete", "patch"]);

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
  scheduler?: SchedulerLike,
): Observable<Result<O>> {
  return defer(() => {
    const endpoint = resolveEndpoint(endpointId);
    if (endpoint instanceof Error) return throwError(() => endpoint);
    const method = String(options.method ?? "post").toLowerCase();
    if (!METHODS.has(method)) {
      return throwError(() => new InvalidOptionError("method", options.method, "get, post, put, delete or patch"));
    }
    const path = options.path ?? "";
    if (path !== "" && !path.startsWith("/")) {
      return throwError(() => new InvalidOptionError("path", path, 'a path starting with "/"'));
    }
    const headers = callHeaders(options);
    if (headers instanceof Error) return throwError(() => headers);
    const schemas = normalizeSchemas(options);
    if (schemas instanceof Error) return throwError(() => schemas);

    const isGet = method === "get";
    return preparedInput$(config, schemas.input, options.input, scheduler).pipe(
      switchMap((input) => {
        const query = isGet ? { ...(input as Record<string, unknown> | undefined), ...options.query } : options.query;
        const url = withQuery(runUrl(config.baseUrls, endpoint, path), query);
        return request$<FalResponse<O>>(
          config,
          { method: method.toUpperCase(), url, headers, json: isGet ? undefined : (input ?? {}) },
          scheduler,
        );
      }),
      map((response) => ({ data: response.data, requestId: response.requestId ?? "" })),
      checkedResults(endpointId, schemas.output),
    );
  });
}
