import { filter, firstValueFrom, lastValueFrom, take, takeWhile, type Observable } from "rxjs";
import type { ResultEvent, SubscribeEvent } from "fal-rx";

/**
 * The ways users turn `subscribe$` into its result, as Promises. They differ in when they leave:
 * `lastValueFrom` waits for completion; the others unsubscribe on the result event itself, which
 * is where a client that aborted its last exchange on unsubscribe would pay for it.
 */
export const SUBSCRIBE_FORMS = {
  /** The last event is the result: `await lastValueFrom(fal.subscribe$(...))`. */
  lastValueFrom: <O>(events$: Observable<SubscribeEvent<O>>) => lastValueFrom(events$).then(resultOf),
  /** `result()`-like: `await firstValueFrom(fal.subscribe$(...).pipe(filter(isResult)))`. */
  "firstValueFrom(filter(result))": <O>(events$: Observable<SubscribeEvent<O>>) => firstValueFrom(events$.pipe(filter(isResult))),
  /** `takeWhile(e => e.type !== "result", true)`, then `lastValueFrom`. */
  "takeWhile(not result, inclusive)": <O>(events$: Observable<SubscribeEvent<O>>) =>
    lastValueFrom(events$.pipe(takeWhile((event) => event.type !== "result", true))).then(resultOf),
  /** `filter(e => e.type === "result"), take(1)`, then `lastValueFrom`. */
  "filter(result), take(1)": <O>(events$: Observable<SubscribeEvent<O>>) => lastValueFrom(events$.pipe(filter(isResult), take(1))),
};

export type SubscribeForm = keyof typeof SUBSCRIBE_FORMS;

function isResult<O>(event: SubscribeEvent<O>): event is ResultEvent<O> {
  return event.type === "result";
}

function resultOf<O>(event: SubscribeEvent<O>): ResultEvent<O> {
  if (!isResult(event)) throw new Error(`subscribe$ ended with a ${event.type} event, not its result`);
  return event;
}
