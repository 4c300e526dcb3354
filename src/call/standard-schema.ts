/**
 * The Standard Schema interface (https://standardschema.dev, v1), copied as its authors ask rather
 * than depended on: zod (`zod` and `zod/mini`, 3.24+ and 4), valibot, arktype and others implement
 * it, so any of their schemas can check what an operation sends and receives. Types only.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

// A namespace, as the spec publishes it, so `StandardSchemaV1.InferOutput<S>` reads as users know it.
export declare namespace StandardSchemaV1 {
  /** What a schema library puts under `~standard`. */
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** Checks a value; a Promise for schemas with asynchronous checks. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }

  export type Result<Output> = SuccessResult<Output> | FailureResult;

  export interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }

  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }

  export interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }

  export interface PathSegment {
    readonly key: PropertyKey;
  }

  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }

  /** The type a schema accepts (zod's `z.input<S>`). */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];

  /** The type a schema produces (zod's `z.output<S>`, `z.infer<S>`). */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}
