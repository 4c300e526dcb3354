/**
 * Type-level cases for the Angular client (`fal-rx/angular`): it is typed as the core client is,
 * with `pendingTask` on top. Compiled, never run, by spec/typing/typing.spec.ts.
 */
import type { EndpointTypeMap } from "@fal-ai/client/endpoints";
import type { Observable } from "rxjs";
import * as z from "zod";
import type { falResource, FalService } from "fal-rx/angular";
import type {} from "../../src/endpoints";
import type { FalClient as CoreFalClient, InQueueStatus, Result, StreamEvent, SubscribeEvent } from "../../src/index";
import type { GalleryComponent } from "../angular/examples/gallery.component";
import { expectType, type Equal } from "./type-assert";

declare const fal: FalService;
type Flux = EndpointTypeMap["fal-ai/flux/dev"];

const run$ = fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" }, pendingTask: false });
expectType<Equal<typeof run$, Observable<Result<Flux["output"]>>>>(true);
const subscribe$ = fal.subscribe$("fal-ai/flux/dev", { input: { prompt: "a cat" }, logs: true });
expectType<Equal<typeof subscribe$, Observable<SubscribeEvent<Flux["output"]>>>>(true);
const stream$ = fal.stream$("acme/llm", { input: {}, partial: z.object({ delta: z.string() }), pendingTask: false });
expectType<Equal<typeof stream$, Observable<StreamEvent<unknown, { delta: string }>>>>(true);
const submit$ = fal.queue.submit$("fal-ai/flux/dev", { input: { prompt: "a cat" }, pendingTask: true });
expectType<Equal<typeof submit$, Observable<InQueueStatus>>>(true);
const result$ = fal.queue.result$("acme/app", { requestId: "r-1", output: z.object({ n: z.number() }) });
expectType<Equal<typeof result$, Observable<Result<{ n: number }>>>>(true);
const named$ = fal.run$<{ caption: string }>("fal-ai/florence-2-large/caption", { input: { image_url: "u" } });
expectType<Equal<typeof named$, Observable<Result<{ caption: string }>>>>(true);
// @ts-expect-error a wrong input for a known id does not compile here either
fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat", steps: 4 } });

// The Angular client is still usable where a core client is expected.
export const asCore: CoreFalClient = fal;

// docs/typing.md's gallery: what its template reads is typed, by fal's map and by the schema.
type Upscaled = { image: { url: string; width: number; height: number } };
expectType<Equal<ReturnType<GalleryComponent["image"]>["result"], Flux["output"] | undefined>>(true);
expectType<Equal<ReturnType<GalleryComponent["imageUrl"]>, string | undefined>>(true);
expectType<Equal<NonNullable<ReturnType<GalleryComponent["upscaled"]>>["result"], Upscaled | undefined>>(true);

// falResource: its value is the call's result data, its state the view state of the call's events.
declare const resource: ReturnType<typeof falResource<SubscribeEvent<Flux["output"]>, string>>;
expectType<Equal<ReturnType<typeof resource.value>, Flux["output"] | undefined>>(true);
expectType<Equal<NonNullable<ReturnType<typeof resource.state>>["result"], Flux["output"] | undefined>>(true);
// transfer takes a boolean or an explicit key, and nothing else.
fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" }, transfer: { key: "hero" } });
// @ts-expect-error a bare string is not a key
fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" }, transfer: "hero" });
