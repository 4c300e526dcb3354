/**
 * Compile-time assertions for spec/typing/*.types.ts, which typing.spec.ts compiles (ts-jest only
 * transpiles): a wrong expectation is a type error there. `Equal` is exact (no `any` leaks
 * through, unlike mutual assignability).
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `A` and `B` are the same type: `expectType<Equal<typeof data, Flux>>(true)`. */
export function expectType<Same extends true>(same: Same): Same {
  return same;
}

