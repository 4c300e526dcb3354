/**
 * The endpoints fal-rx knows the types of: id -> `{input, output}`. Empty until something merges
 * into it, so by default every id is a plain string and `data` is `unknown`.
 *
 * - fal's ~1,100 public endpoints, from `@fal-ai/client`'s generated map (types only, nothing at
 *   run time): `import type {} from "fal-rx/endpoints";` once in the project.
 * - Your own apps:
 *
 * @example
 * declare module "fal-rx" {
 *   interface FalEndpoints {
 *     "acme/upscaler": { input: { image_url: string; scale?: 2 | 4 }; output: { image: { url: string } } };
 *   }
 * }
 */
// An interface (not a type) so declaration merging can add to it from anywhere.
export interface FalEndpoints {}

/** An id {@link FalEndpoints} has types for (`never` when it is empty). */
export type KnownEndpointId = keyof FalEndpoints & string;

/**
 * What operations take as an endpoint id: any string, with the known ids offered first by
 * editors (`string & {}` keeps the literals from collapsing into `string`).
 */
export type FalEndpointId = KnownEndpointId | (string & {});

/** The input type of a known id; `unknown` (anything) for any other. */
export type EndpointInput<Id> = Id extends KnownEndpointId ? (FalEndpoints[Id] extends { input: infer I } ? I : unknown) : unknown;

/** The output type of a known id; `unknown` for any other. */
export type EndpointOutput<Id> = Id extends KnownEndpointId ? (FalEndpoints[Id] extends { output: infer O } ? O : unknown) : unknown;
