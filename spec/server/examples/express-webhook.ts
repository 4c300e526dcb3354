import express from "express";
import { verifyWebhook$, WebhookVerificationError } from "fal-rx/server";
import { saveResult } from "./app";

interface FluxOutput {
  images: { url: string }[];
}

const app = express();

// express.raw(): the signature covers the body's bytes as fal sent them, not re-serialised JSON.
app.post("/fal/webhook", express.raw({ type: "application/json" }), (req, res) => {
  verifyWebhook$<FluxOutput>({ headers: req.headers, body: req.body }).subscribe({
    next: (delivery) => {
      if (delivery.status === "OK") saveResult(delivery.request_id, delivery.payload?.images);
      res.sendStatus(204);
    },
    // Refused: fal delivers again later (10 tries over 2 hours), so a passing cause costs only time.
    error: (error: unknown) => {
      const refused = error instanceof WebhookVerificationError;
      res.status(refused ? 401 : 500).json({ detail: refused ? error.reason : "webhook handler failed" });
    },
  });
});

app.listen(3000);
