/** Thrown by a handler to answer with a given status and body (a 422, a platform error...). */
export class EndpointError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`endpoint answered ${status}`);
  }
}
