import { catchError, defer, from, of, throwError, type Observable } from "rxjs";
import { FalError, redact } from "../errors.js";
import type { TokenProvider } from "../transport/token.js";

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
