import { filter, map, type OperatorFunction } from "rxjs";

/** One data event of the stream, delivered the moment its bytes arrived. */
export interface StreamPartial<P> {
  readonly type: "partial";
  readonly data: P;
}

/** The final result: the stream's last data event (fal sends the result last). */
export interface StreamResult<O> {
  readonly type: "result";
  readonly data: O;
  /** fal's request id (`x-fal-request-id`); `""` if fal sent none. */
  readonly requestId: string;
}

/** What {@link stream$} emits: partials, then exactly one result. */
export type StreamEvent<O, P = O> = StreamPartial<P> | StreamResult<O>;

/**
 * Keeps only the data of the partials: `stream$(...).pipe(partials())` emits each partial's `data`
 * as it arrives and completes with the stream (errors pass through).
 *
 * @example
 * fal.stream$<Answer>("fal-ai/any-llm", { input }).pipe(partials()).subscribe((p) => (text = p.output));
 */
export function partials<P>(): OperatorFunction<StreamEvent<unknown, P>, P> {
  return (source) =>
    source.pipe(
      filter((event): event is StreamPartial<P> => event.type === "partial"),
      map((event) => event.data),
    );
}

/** The data of an event union's result event: a stream's or `subscribe$`'s. */
export type ResultData<E> = E extends { readonly type: "result"; readonly data: infer O } ? O : never;

/**
 * Keeps only the final data: `stream$(...).pipe(result())` or `subscribe$(...).pipe(result())`
 * emits one value when the call ends well, then completes (errors pass through). Partials and
 * status events are dropped.
 *
 * @example
 * const answer = await lastValueFrom(fal.stream$<Answer>("fal-ai/any-llm", { input }).pipe(result()));
 * const image = await lastValueFrom(fal.subscribe$("fal-ai/flux/dev", { input }).pipe(result()));
 */
export function result<E extends { readonly type: string }>(): OperatorFunction<E, ResultData<E>> {
  return (source) =>
    source.pipe(
      filter((event) => event.type === "result"),
      map((event) => (event as unknown as { data: ResultData<E> }).data),
    );
}
