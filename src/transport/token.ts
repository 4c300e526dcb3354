import { catchError, defaultIfEmpty, defer, from, map, of, take, throwError, type Observable, type ObservableInput, type OperatorFunction, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { FalError } from "../errors.js";
import { redact } from "../safe-text.js";
import { restUrl } from "../routes.js";
import { TokenAnswer, tokenOf } from "../wire/token.js";
import { request$ } from "./request.js";
import type { FalResponse } from "./response.js";
import { checkWire, originOf } from "./wire-check.js";

/**
 * Supplies a short-lived token for `app` (the endpoint id and path, e.g.
 * `"fal-ai/any-llm/stream"`), typically by calling your own server, which holds the key and
 * asks fal (`POST {rest}/tokens/`). A Promise, an Observable (its first value is used) or any
 * ObservableInput.
 */
export type TokenProvider = (app: string) => ObservableInput<string>;

/**
 * Asks a caller's `tokenProvider` for a token for `app` and emits what it answers (a plain string
 * as one value), unchecked: each caller decides how many values it takes and what a good one is. Whatever the provider throws,
 * rejects or errors with becomes a {@link FalError} naming the app, the original in `cause`, so a
 * failure of the caller's own code is told apart from an error of its stack; a `FalError` (say the
 * `ApiError` of a token request the provider made through fal-rx) passes through as it is.
 * Shared by `stream$` (`connectionMode: "client"`) and the realtime entry, so both fail alike.
 *
 * @example
 * providedToken$(tokenProvider, "fal-ai/any-llm/stream").pipe(take(1))
 */
export function providedToken$(provider: TokenProvider, app: string): Observable<string> {
  // defer: a provider that throws synchronously errors the Observable instead of the caller.
  return defer(() => {
    const answer = provider(app);
    // A string is an ObservableInput too (array-like), but `from` would emit it character by
    // character: the documented `(app) => token` would send its first letter as the token.
    return typeof answer === "string" ? of(answer) : from(answer);
  }).pipe(
    catchError((cause: unknown) =>
      throwError(() =>
        cause instanceof FalError ? cause : new FalError(`tokenProvider failed for ${redact(app)}: ${(cause as Error)?.message ?? String(cause)}`, { cause }),
      ),
    ),
  );
}

/**
 * The first value of a token source, checked: a non-empty string passes; anything else, or no value
 * at all, errors with `invalid(got)`, where `got` is `"no value"` or the value's `typeof` (never
 * the value itself: a wrongly shaped answer may still hold a token). Shared by `stream$` and
 * realtime, which word the error each their own way.
 */
export function firstToken(invalid: (got: string) => Error): OperatorFunction<unknown, string> {
  return (tokens) =>
    tokens.pipe(
      take(1),
      defaultIfEmpty(undefined),
      map((token) => {
        if (typeof token === "string" && token !== "") return token;
        throw invalid(token === undefined ? "no value" : typeof token);
      }),
    );
}

/**
 * Asks fal for a short-lived token that lets a browser call `alias` without the key:
 * `POST {rest}/tokens/` with `{allowed_apps: [alias], token_expiration}`. Goes through the normal
 * pipeline (key or proxy, retries). Emits the token once, then completes.
 *
 * Errors: the usual {@link ApiError}/{@link NetworkError}; a {@link WireFormatError} when the answer
 * is not a token (a JSON string, or `{detail: token}` as older proxies wrap it).
 *
 * @example
 * temporaryToken$(config, "any-llm").subscribe((token) => connect(token));
 */
export function temporaryToken$(config: NormalizedConfig, alias: string, scheduler?: SchedulerLike): Observable<string> {
  const url = restUrl(config.baseUrls, "tokens/");
  const json = { allowed_apps: [alias], token_expiration: DEFAULTS.tokenExpirationSeconds };
  return request$<FalResponse<unknown>>(config, { method: "POST", url, json }, scheduler).pipe(
    map((response) => tokenOf(checkWire(TokenAnswer, response.data, originOf("POST", url, response), "the token answer", true))),
  );
}

