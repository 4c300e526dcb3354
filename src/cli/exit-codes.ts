/** The CLI's exit codes: 0 success, 1 API or model error, 2 usage error, 130 interrupted (Ctrl-C). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
