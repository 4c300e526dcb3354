/**
 * Compile-time assertions for spec/typing: ts-jest type-checks every spec, so a wrong expectation
 * fails the run. `Equal` is exact (no `any` leaks through, unlike mutual assignability).
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `A` and `B` are the same type: `expectType<Equal<typeof data, Flux>>(true)`. */
export function expectType<Same extends true>(same: Same): Same {
  return same;
}

/** The `data` type an Observable of results (or result events) carries. */
export type DataOf<T> = T extends { subscribe(observer: (value: infer V) => void): unknown }
  ? V extends { type: "result"; data: infer D }
    ? D
    : V extends { type: string }
      ? never
      : V extends { data: infer D }
        ? D
        : never
  : never;
