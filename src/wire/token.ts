import * as z from "zod/mini";

const Token = z.custom<string>((value) => typeof value === "string" && value !== "", "a non-empty string");

/**
 * What `POST {rest}/tokens/` answers: the short-lived token as a JSON string, or `{detail: token}`
 * as older fal proxies wrap it. {@link tokenOf} unwraps either.
 */
export const TokenAnswer = z.union([Token, z.looseObject({ detail: Token })]);
export type TokenAnswer = z.infer<typeof TokenAnswer>;

/** The token a checked {@link TokenAnswer} holds. */
export function tokenOf(answer: TokenAnswer): string {
  return typeof answer === "string" ? answer : answer.detail;
}
