/**
 * Shapes: checks of decoded JSON against what fal sends, small enough for the browser bundle.
 * fal's payloads are a handful of flat objects, so a few combinators cover them; a schema library
 * here cost more bytes than the rest of the client's wire layer (docs/benchmarks.md).
 *
 * Objects are loose: fields the shape does not name pass through untouched, so a field fal adds
 * tomorrow never breaks a client. A check never copies or transforms the value.
 */

/** Where a value sits in a payload: `["logs", 0, "message"]`. */
export type ShapePath = readonly (string | number)[];

/** The first thing wrong with a payload: where, and what was expected there. */
export interface ShapeIssue {
  readonly path: ShapePath;
  /** `number`, `string`, `a URL`, `one of "IN_QUEUE", "COMPLETED"`... */
  readonly expected: string;
}

/** A check of a decoded JSON value that, when it passes, proves the value is a `T`. */
export interface Shape<T> {
  /** What the shape accepts, in words (used in messages). */
  readonly expected: string;
  /** The first issue at or under `path`, or `undefined` when the value fits. */
  issueAt(value: unknown, path: ShapePath): ShapeIssue | undefined;
  /** Type only: the value a passing check proves. Never set. */
  readonly __type?: T;
}

/** The type a shape proves. */
export type ShapeType<S> = S extends Shape<infer T> ? T : never;

/** Checks `value`; the value as a `T`, or the first issue. */
export function checkShape<T>(shape: Shape<T>, value: unknown): { ok: true; value: T } | { ok: false; issue: ShapeIssue } {
  const issue = shape.issueAt(value, []);
  return issue ? { ok: false, issue } : { ok: true, value: value as T };
}

function leaf<T>(expected: string, fits: (value: unknown) => boolean): Shape<T> {
  return { expected, issueAt: (value, path) => (fits(value) ? undefined : { path, expected }) };
}

export const string: Shape<string> = leaf("string", (value) => typeof value === "string");
export const number: Shape<number> = leaf("number", (value) => typeof value === "number" && Number.isFinite(value));
export const unknown: Shape<unknown> = leaf("anything", () => true);

/** An absolute URL (`http:`, `https:` or any other scheme `URL` parses). */
export const url: Shape<string> = leaf("a URL", (value) => typeof value === "string" && parsesAsUrl(value));

function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** One of a few string constants. */
export function literal<L extends string>(...values: L[]): Shape<L> {
  return leaf(`one of ${values.map((value) => JSON.stringify(value)).join(", ")}`, (value) => values.includes(value as L));
}

/** The shape, or absent (`undefined`). */
export function optional<T>(shape: Shape<T>): Shape<T | undefined> {
  return { expected: `${shape.expected} or nothing`, issueAt: (value, path) => (value === undefined ? undefined : shape.issueAt(value, path)) };
}

/** The shape, `null`, or absent: how fal sends a field it has no value for. */
export function nullish<T>(shape: Shape<T>): Shape<T | null | undefined> {
  return { expected: `${shape.expected} or null`, issueAt: (value, path) => (value == null ? undefined : shape.issueAt(value, path)) };
}

/** Either shape (two leaves, such as `string` or `number`); when neither fits, the issue names both. */
export function either<A, B>(first: Shape<A>, second: Shape<B>): Shape<A | B> {
  const expected = `${first.expected} or ${second.expected}`;
  return {
    expected,
    // Neither fits: name both, not only the first one's complaint.
    issueAt: (value, path) => (first.issueAt(value, path) && second.issueAt(value, path) ? { path, expected } : undefined),
  };
}

export function array<T>(item: Shape<T>): Shape<T[]> {
  return {
    expected: `an array of ${item.expected}`,
    issueAt(value, path) {
      if (!Array.isArray(value)) return { path, expected: "array" };
      for (let index = 0; index < value.length; index++) {
        const issue = item.issueAt(value[index], [...path, index]);
        if (issue) return issue;
      }
      return undefined;
    },
  };
}

type Fields = Record<string, Shape<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: undefined extends ShapeType<F[K]> ? K : never }[keyof F];

/** The object a {@link object} shape proves: required and optional fields, plus whatever else was sent. */
export type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: ShapeType<F[K]> } & {
  [K in OptionalKeys<F>]?: ShapeType<F[K]>;
} & { [other: string]: unknown };

/** A plain object whose named fields fit their shapes; other fields pass through. */
export function object<F extends Fields>(fields: F): Shape<ObjectOf<F>> {
  const entries = Object.entries(fields);
  return {
    expected: "object",
    issueAt(value, path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return { path, expected: "object" };
      for (const [key, shape] of entries) {
        const issue = shape.issueAt((value as Record<string, unknown>)[key], [...path, key]);
        if (issue) return issue;
      }
      return undefined;
    },
  };
}

/**
 * An object told apart by one string field (`status`): the variant that field names, checked
 * against its own shape. An unknown tag is an issue at the tag.
 */
export function variants<K extends string, V extends Record<string, Shape<object>>>(tag: K, byTag: V): Shape<ShapeType<V[keyof V]>> {
  const tags = literal(...Object.keys(byTag));
  return {
    expected: "object",
    issueAt(value, path) {
      if (typeof value !== "object" || value === null) return { path, expected: "object" };
      const name = (value as Record<string, unknown>)[tag];
      const tagIssue = tags.issueAt(name, [...path, tag]);
      return tagIssue ?? byTag[name as string]!.issueAt(value, path);
    },
  };
}
