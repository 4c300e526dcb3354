import { verifyWebhook$, WebhookVerificationError } from "fal-rx/server";
import { catchError, lastValueFrom, map, of } from "rxjs";
import { saveResult } from "./app";

interface FluxOutput {
  images: { url: string }[];
}

export function POST(request: Request): Promise<Response> {
  return lastValueFrom(
    verifyWebhook$<FluxOutput>(request).pipe(
      map((delivery) => {
        if (delivery.status === "OK") saveResult(delivery.request_id, delivery.payload?.images);
        return new Response(null, { status: 204 });
      }),
      catchError((error: unknown) => {
        const refused = error instanceof WebhookVerificationError;
        return of(Response.json({ detail: refused ? error.reason : "webhook handler failed" }, { status: refused ? 401 : 500 }));
      }),
    ),
  );
}
