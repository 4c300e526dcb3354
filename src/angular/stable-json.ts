/**
 * JSON with object keys sorted, so equal inputs written in another order give the same text; or
 * `undefined` when the value holds something JSON cannot carry faithfully (a `Blob`, a `Date`, a
 * `Map`, a class instance, `NaN`, a function). `undefined` object fields are left out, as JSON does.
 *
 * @example
 * stableJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function stableJson(value: unknown): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => (item === undefined ? "null" : stableJson(item)));
    return items.includes(undefined) ? undefined : `[${items.join(",")}]`;
  }
  if (!isPlainObject(value)) return undefined;
  const fields: string[] = [];
  for (const name of Object.keys(value).sort()) {
    const field = value[name];
    if (field === undefined) continue;
    const text = stableJson(field);
    if (text === undefined) return undefined;
    fields.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${fields.join(",")}}`;
}

/** Whether `JSON.parse(JSON.stringify(value))` gives back an equal value (see {@link stableJson}). */
export function isJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isJson(item));
  return isPlainObject(value) && Object.values(value).every((field) => field === undefined || isJson(field));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 hex digits: short keys, and with 2^64
 * values two different calls of one page never meet by chance. Not a cryptographic hash; it only
 * needs to be the same on the server and in the browser.
 *
 * @example
 * hash64("") // "cbf29ce484222325"
 */
export function hash64(text: string): string {
  // The 64-bit state as two 32-bit halves; the prime is 2^40 + 0x1b3.
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    low ^= text.charCodeAt(i);
    const lowProduct = (low >>> 0) * 0x1b3;
    const carry = Math.floor(lowProduct / 0x1_0000_0000);
    // (state * 2^40): the low half's bits move into the high half, 8 places up.
    high = (Math.imul(high, 0x1b3) + carry + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}
