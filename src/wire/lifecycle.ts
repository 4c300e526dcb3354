/** Object lifecycle vocabulary shared by run/queue (`storageSettings`) and storage uploads. */
export type ExpiresIn = "never" | "immediate" | "1h" | "1d" | "7d" | "30d" | "1y" | number;

const NAMED_SECONDS: Record<Exclude<ExpiresIn, number | "never">, number> = {
  immediate: 60,
  "1h": 3_600,
  "1d": 86_400,
  "7d": 7 * 86_400,
  "30d": 30 * 86_400,
  "1y": 365 * 86_400,
};

export const EXPIRES_IN_FORMS = "never, immediate, 1h, 1d, 7d, 30d, 1y, or a positive number of seconds";

/**
 * Seconds until expiry; `null` for "never" (sent as no expiration), `undefined` when the value is
 * not one of {@link EXPIRES_IN_FORMS}.
 */
export function expirationSeconds(expiresIn: ExpiresIn): number | null | undefined {
  if (expiresIn === "never") return null;
  if (typeof expiresIn === "number") {
    return Number.isFinite(expiresIn) && expiresIn > 0 ? Math.round(expiresIn) : undefined;
  }
  return NAMED_SECONDS[expiresIn];
}

/** The JSON fal expects in `x-fal-object-lifecycle(-preference)`. */
export function lifecycleHeaderValue(seconds: number | null): string {
  return JSON.stringify({ expiration_duration_seconds: seconds });
}
