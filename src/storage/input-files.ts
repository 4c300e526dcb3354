import { isUploadable } from "./uploadable.js";

/**
 * Does `value` hold a file (a Blob/File, Uint8Array or ArrayBuffer, in plain objects and arrays at
 * any depth), or a cycle? Either needs the upload code (uploads.ts): to upload, or to name the
 * cycle's place in its error. The cheap walk that every run$/subscribe$/stream$ input goes through.
 */
export function holdsFileOrCycle(value: unknown, ancestors: object[] = []): boolean {
  if (isUploadable(value)) return true;
  const children = childrenOf(value);
  if (!children) return false;
  if (ancestors.includes(value as object)) return true;
  ancestors.push(value as object);
  const holds = children.some(([, child]) => holdsFileOrCycle(child, ancestors));
  ancestors.pop();
  return holds;
}

/** The entries of a plain object or array (the containers JSON has); `undefined` for anything else. */
export function childrenOf(value: unknown): [string, unknown][] | undefined {
  if (Array.isArray(value)) return value.map((child, index) => [String(index), child]);
  if (typeof value !== "object" || value === null) return undefined;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.entries(value) : undefined;
}
