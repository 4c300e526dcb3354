import { randomUUID } from "node:crypto";
import { parseEndpointId } from "../wire/endpoint-id.js";
import { pathSegments } from "./http.js";

/** A short-lived token the emulator issued (`POST {rest}/tokens/`). */
interface IssuedToken {
  readonly apps: readonly string[];
  readonly expiresAt: number;
}

/**
 * The short-lived tokens of one emulator. fal's tokens are JWTs limited to some app aliases and a
 * lifetime; these are opaque strings with the same two limits, checked on the run host when a
 * request carries `fal_jwt_token` instead of the key.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  /** A new token for these app aliases, valid `seconds`. */
  issue(apps: readonly string[], seconds: number): string {
    const token = `emulator-jwt.${randomUUID()}`;
    this.tokens.set(token, { apps: [...apps], expiresAt: Date.now() + seconds * 1000 });
    return token;
  }

  /** May `token` call the app a run-host path (`/owner/alias[/path]`) names? */
  allows(token: string, path: string): boolean {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now()) return false;
    const id = parseEndpointId(pathSegments(path).join("/"));
    return id !== undefined && issued.apps.includes(id.alias);
  }

  clear(): void {
    this.tokens.clear();
  }
}
