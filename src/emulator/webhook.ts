import type { QueueJob } from "./queue-job.js";

/** What fal POSTs to `fal_webhook` when a request ends. */
export interface WebhookPayload {
  request_id: string;
  gateway_request_id: string;
  status: "OK" | "ERROR";
  /** The result (OK), or the error body (ERROR). */
  payload: unknown;
  error: string | null;
  payload_error: string | null;
}

/** The webhook body for a finished job, in fal's shape. */
function webhookPayload(job: QueueJob): WebhookPayload {
  const outcome = job.outcome!;
  const ok = outcome.status < 400;
  const payload = outcome.json || !Buffer.isBuffer(outcome.body) ? outcome.body : null;
  return {
    request_id: job.requestId,
    gateway_request_id: job.requestId,
    status: ok ? "OK" : "ERROR",
    payload,
    error: ok ? null : (outcome.error ?? `Invalid status code: ${outcome.status}`),
    payload_error: payload === null && !ok ? "the error body is not JSON" : null,
  };
}

/**
 * POSTs the outcome to the job's webhook URL. Like fal, retries a failed delivery (no answer or a
 * non-2xx), here 3 tries 100 ms apart instead of 10 over 2 hours; gives up silently after that or
 * when `signal` aborts (the emulator closing).
 */
export async function deliverWebhook(job: QueueJob, signal: AbortSignal, tries = 3): Promise<void> {
  if (!job.webhookUrl) return;
  const body = JSON.stringify(webhookPayload(job));
  for (let attempt = 1; attempt <= tries && !signal.aborted; attempt++) {
    try {
      const response = await fetch(job.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body, signal });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Unreachable receiver: try again below.
    }
    if (attempt < tries) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
