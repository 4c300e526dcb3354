/**
 * Type-level cases for endpoints typed by fal's map (`fal-rx/endpoints`). Compiled, never run, by
 * spec/typing/typing.spec.ts (and `npm run typecheck`): every `expectType` must hold and every
 * line after `@ts-expect-error` must be an error, or the spec fails.
 */
import type { fal as official } from "@fal-ai/client";
import type { EndpointTypeMap } from "@fal-ai/client/endpoints";
import type { Observable } from "rxjs";
import type {} from "../../src/endpoints";
import {
  fal,
  partials,
  type EndpointInput,
  type EndpointOutput,
  type FalClient,
  type FalEndpointId,
  type InQueueStatus,
  type KnownEndpointId,
  type Result,
  type StreamEvent,
  type SubscribeEvent,
} from "../../src/index";
import { expectType, type Equal } from "./type-assert";

declare const client: FalClient;
type Flux = EndpointTypeMap["fal-ai/flux/dev"];
type Caption = EndpointTypeMap["fal-ai/florence-2-large/caption"];

// fal's ids are the known ids (with the app's own, merged below); any other string is still an id.
expectType<Equal<Exclude<KnownEndpointId, "acme/typing-upscaler">, keyof EndpointTypeMap>>(true);
expectType<Equal<EndpointInput<"fal-ai/flux/dev">, Flux["input"]>>(true);
expectType<Equal<EndpointOutput<"acme/private-app">, unknown>>(true);
const anyId: FalEndpointId = "acme/private-app";

// A known id types the input and the output of every operation.
const run$ = client.run$("fal-ai/flux/dev", { input: { prompt: "a cat", num_images: 2 } });
expectType<Equal<typeof run$, Observable<Result<Flux["output"]>>>>(true);
const subscribe$ = client.subscribe$("fal-ai/flux/dev", { input: { prompt: "a cat" }, logs: true });
expectType<Equal<typeof subscribe$, Observable<SubscribeEvent<Flux["output"]>>>>(true);
const stream$ = client.stream$("fal-ai/flux/dev", { input: { prompt: "a cat" } });
expectType<Equal<typeof stream$, Observable<StreamEvent<Flux["output"], Flux["output"]>>>>(true);
const submit$ = client.queue.submit$("fal-ai/flux/dev", { input: { prompt: "a cat" }, priority: "low" });
expectType<Equal<typeof submit$, Observable<InQueueStatus>>>(true);
const result$ = client.queue.result$("fal-ai/florence-2-large/caption", { requestId: "r-1" });
expectType<Equal<typeof result$, Observable<Result<Caption["output"]>>>>(true);
const resumed$ = client.queue.subscribe$("fal-ai/flux/dev", { requestId: "r-1" });
expectType<Equal<typeof resumed$, Observable<SubscribeEvent<Flux["output"]>>>>(true);
const singleton$ = fal.run$("fal-ai/florence-2-large/caption", { input: { image_url: new Blob([]) } });
expectType<Equal<typeof singleton$, Observable<Result<Caption["output"]>>>>(true);
const texts$ = client.stream$("fal-ai/flux/dev", { input: { prompt: "a cat" } }).pipe(partials());
expectType<Equal<typeof texts$, Observable<Flux["output"]>>>(true);
// The typed data is usable as is: no cast.
run$.subscribe(({ data }) => data.images[0]?.url.toUpperCase());

// The same types the official client gives for the same id.
type OfficialRun<Id extends keyof EndpointTypeMap> = Awaited<ReturnType<typeof official.run<Id>>>;
type OfficialInput<Id extends keyof EndpointTypeMap> = NonNullable<Parameters<typeof official.run<Id>>[1]["input"]>;
expectType<Equal<Result<Flux["output"]>["data"], OfficialRun<"fal-ai/flux/dev">["data"]>>(true);
expectType<Equal<EndpointInput<"fal-ai/florence-2-large/caption">, OfficialInput<"fal-ai/florence-2-large/caption">>>(true);

// A wrong input for a known id does not compile: an unknown field, a missing required one, a wrong type.
// @ts-expect-error `wrong_field` is not an input of fal-ai/flux/dev
client.run$("fal-ai/flux/dev", { input: { prompt: "a cat", wrong_field: 1 } });
// @ts-expect-error `prompt` is required
client.run$("fal-ai/flux/dev", { input: { num_images: 1 } });
// @ts-expect-error `num_images` is a number
client.subscribe$("fal-ai/flux/dev", { input: { prompt: "a cat", num_images: "2" } });
// @ts-expect-error `image_url` is a string or a file
client.queue.submit$("fal-ai/florence-2-large/caption", { input: { image_url: 42 } });
// @ts-expect-error the stream's input is typed too
fal.stream$("fal-ai/flux/dev", { input: { prompt: 1 } });
// @ts-expect-error the output is typed: no `text` in fal-ai/flux/dev's output
run$.subscribe(({ data }) => data.text);

// An unknown id compiles, with any input and `unknown` data.
const unknown$ = client.run$("acme/private-app", { input: { anything: [1, "two"] } });
expectType<Equal<typeof unknown$, Observable<Result<unknown>>>>(true);
const unknownEvents$ = client.subscribe$(anyId, { input: 42 });
expectType<Equal<typeof unknownEvents$, Observable<SubscribeEvent<unknown>>>>(true);
const fullUrl$ = client.stream$("https://my-app.fal.run/generate", { input: { prompt: "a cat" } });
expectType<Equal<typeof fullUrl$, Observable<StreamEvent<unknown, unknown>>>>(true);

// Explicit type arguments still name the types, for any id (the input is then not checked).
const named$ = client.run$<{ images: { url: string }[] }>("fal-ai/flux/dev", { input: { prompt: "a cat", extra: true } });
expectType<Equal<typeof named$, Observable<Result<{ images: { url: string }[] }>>>>(true);
const namedStream$ = client.stream$<{ text: string }, { delta: string }>("acme/llm", { input: {} });
expectType<Equal<typeof namedStream$, Observable<StreamEvent<{ text: string }, { delta: string }>>>>(true);
const text$ = client.run$<string>("acme/text");
expectType<Equal<typeof text$, Observable<Result<string>>>>(true);
const loose$ = client.queue.result$<any>("acme/app", { requestId: "r-1" });
expectType<Equal<typeof loose$, Observable<Result<any>>>>(true);
const bytes$ = client.run$<Blob>("acme/bytes");
expectType<Equal<typeof bytes$, Observable<Result<Blob>>>>(true);

// An id typed plain `string` gives `unknown` data, as before.
declare const someId: string;
const dynamic$ = client.run$(someId, { input: { prompt: "a cat" } });
expectType<Equal<typeof dynamic$, Observable<Result<unknown>>>>(true);

// Your own endpoints merge into the same map (as `declare module "fal-rx"` does in an app).
declare module "../../src/index" {
  interface FalEndpoints {
    "acme/typing-upscaler": { input: { image_url: string; scale?: 2 | 4 }; output: { image: { url: string } } };
  }
}
const upscaled$ = client.run$("acme/typing-upscaler", { input: { image_url: "https://x/y.png", scale: 4 } });
expectType<Equal<typeof upscaled$, Observable<Result<{ image: { url: string } }>>>>(true);
// @ts-expect-error scale is 2 or 4
client.run$("acme/typing-upscaler", { input: { image_url: "https://x/y.png", scale: 3 } });
