import { switchMap, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { transformInput$ } from "../storage/transform-input.js";
import { checkedInput$ } from "./schemas.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/**
 * A call's input as it goes on the wire: checked by its `inputSchema` first (a rejected input
 * sends nothing, not even an upload), then every file in it (Blob, File, Buffer...) uploaded and
 * replaced by its URL. Run once per call, before the request, so a retried request reuses the URLs.
 */
export function preparedInput$(
  config: NormalizedConfig,
  schema: StandardSchemaV1 | undefined,
  input: unknown,
  scheduler: SchedulerLike,
): Observable<unknown> {
  if (!schema) return transformInput$(config, input, {}, scheduler);
  return checkedInput$(schema, input).pipe(switchMap((checked) => transformInput$(config, checked, {}, scheduler)));
}
