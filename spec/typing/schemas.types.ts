/**
 * Type-level cases for schema options (`inputSchema`, `output`, `partial`). Compiled, never run, by
 * spec/typing/typing.spec.ts (and `npm run typecheck`).
 */
import type { EndpointTypeMap } from "@fal-ai/client/endpoints";
import type { Observable } from "rxjs";
import * as z from "zod";
import * as zm from "zod/mini";
import type {} from "../../src/endpoints";
import { partials, result, type FalClient, type Result, type StandardSchemaV1, type StreamEvent, type SubscribeEvent } from "../../src/index";
import { expectType, type Equal } from "./type-assert";

declare const client: FalClient;
type Flux = EndpointTypeMap["fal-ai/flux/dev"];

const Caption = z.object({ results: z.string() });
const Count = z.object({ n: z.number().int(), label: z.string().default("none") });
const MiniCount = zm.object({ n: zm.number() });

// `output` types `data` as the schema's output, for unknown and known ids alike.
const caption$ = client.run$("acme/captioner", { input: { image_url: "https://x/y.png" }, output: Caption });
expectType<Equal<typeof caption$, Observable<Result<{ results: string }>>>>(true);
const typedFlux$ = client.run$("fal-ai/flux/dev", { input: { prompt: "a cat" }, output: z.object({ seed: z.number() }) });
expectType<Equal<typeof typedFlux$, Observable<Result<{ seed: number }>>>>(true);
const defaults$ = client.queue.result$("acme/counter", { requestId: "r-1", output: Count });
expectType<Equal<typeof defaults$, Observable<Result<{ n: number; label: string }>>>>(true);
const events$ = client.subscribe$("acme/counter", { input: {}, output: Count });
expectType<Equal<typeof events$, Observable<SubscribeEvent<{ n: number; label: string }>>>>(true);
declare const someId: string;
const dynamic$ = client.run$(someId, { output: Caption });
expectType<Equal<typeof dynamic$, Observable<Result<{ results: string }>>>>(true);

// zod/mini schemas, and any Standard Schema, type it the same way.
const mini$ = client.run$("acme/counter", { output: MiniCount });
expectType<Equal<typeof mini$, Observable<Result<{ n: number }>>>>(true);
declare const standard: StandardSchemaV1<unknown, { ok: boolean }>;
const standard$ = client.run$("acme/app", { output: standard });
expectType<Equal<typeof standard$, Observable<Result<{ ok: boolean }>>>>(true);

// `partial` types the partials, `output` the result; without `partial` they keep the endpoint's type.
const Chunk = z.object({ delta: z.string() });
const Answer = z.object({ text: z.string(), done: z.literal(true) });
const llm$ = client.stream$("acme/llm", { input: { prompt: "hi" }, partial: Chunk, output: Answer });
expectType<Equal<typeof llm$, Observable<StreamEvent<{ text: string; done: true }, { delta: string }>>>>(true);
const chunks$ = llm$.pipe(partials());
expectType<Equal<typeof chunks$, Observable<{ delta: string }>>>(true);
const answer$ = llm$.pipe(result());
expectType<Equal<typeof answer$, Observable<{ text: string; done: true }>>>(true);
// result() takes subscribe$'s events too: status events dropped, the output typed.
const queued$ = client.subscribe$("acme/app", { input: {}, output: Answer }).pipe(result());
expectType<Equal<typeof queued$, Observable<{ text: string; done: true }>>>(true);
const fluxStream$ = client.stream$("fal-ai/flux/dev", { input: { prompt: "a cat" }, output: z.object({ seed: z.number() }) });
expectType<Equal<typeof fluxStream$, Observable<StreamEvent<{ seed: number }, Flux["output"]>>>>(true);

// `inputSchema` types `input` as the schema's input (defaults optional), and checks it.
const Input = z.object({ prompt: z.string(), steps: z.number().default(28) });
client.run$("acme/app", { inputSchema: Input, input: { prompt: "a cat" } });
client.queue.submit$("acme/app", { inputSchema: Input, input: { prompt: "a cat", steps: 4 } });
// @ts-expect-error `prompt` is a string by the input schema
client.run$("acme/app", { inputSchema: Input, input: { prompt: 1 } });
// @ts-expect-error `prompt` is required by the input schema
client.stream$("acme/app", { inputSchema: Input, input: { steps: 1 } });
// @ts-expect-error the input schema is checked against the explicit input type too
client.run$<unknown, { prompt: number }>("acme/app", { inputSchema: Input, input: { prompt: 1 } });

// With explicit type arguments the schema must produce the named type.
const explicit$ = client.run$<{ results: string }>("acme/captioner", { output: Caption });
expectType<Equal<typeof explicit$, Observable<Result<{ results: string }>>>>(true);
// @ts-expect-error Caption produces `{results: string}`, not `{n: number}`
client.run$<{ n: number }>("acme/captioner", { output: Caption });

// A schema option that is not a schema does not compile (and errors at run time if forced).
// @ts-expect-error `output` takes a schema
client.run$("acme/app", { output: { results: "string" } });
// @ts-expect-error `queue.submit$` returns no output to check
client.queue.submit$("acme/app", { input: {}, output: Caption });
