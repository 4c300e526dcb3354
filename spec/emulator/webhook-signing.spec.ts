import { createHash, createPublicKey, verify } from "node:crypto";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { startReceiver } from "../support/webhooks";

/** The emulator signs its webhook deliveries as fal does, with a key made at start, and publishes its JWKS. */
describe("the emulator's webhook signatures", () => {
  const emu = useEmulator();

  it("publishes one Ed25519 public key at {rest}/.well-known/jwks.json, without asking for the key", async () => {
    expect(emu.emulator.jwksUrl).toBe(`${emu.emulator.baseUrls.rest}/.well-known/jwks.json`);
    const answer = await fetch(emu.emulator.jwksUrl);
    expect(answer.status).toBe(200);
    const jwks = (await answer.json()) as { keys: { kty: string; crv: string; x: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "OKP", crv: "Ed25519", x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })]);
  });

  it("still asks for the key on the rest host's other routes", async () => {
    const answer = await fetch(`${emu.emulator.baseUrls.rest}/storage/upload/initiate`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(401);
  });

  it("signs each delivery: request id, user id, timestamp and signature over fal's message", async () => {
    const receiver = await startReceiver();
    try {
      const submit = await fetch(`${emu.emulator.baseUrls.queue}/fal-ai/echo?fal_webhook=${encodeURIComponent(receiver.url)}`, {
        method: "POST",
        headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ signed: true }),
      });
      const { request_id: requestId } = (await submit.json()) as { request_id: string };
      await until(() => receiver.deliveries.length === 1, "the delivery");
      const { headers, body } = receiver.deliveries[0]!;
      expect(headers["x-fal-webhook-request-id"]).toBe(requestId);
      const timestamp = Number(headers["x-fal-webhook-timestamp"]);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
      const { keys } = (await (await fetch(emu.emulator.jwksUrl)).json()) as { keys: { x: string }[] };
      const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: keys[0]!.x }, format: "jwk" });
      const message = [requestId, headers["x-fal-webhook-user-id"], String(timestamp), createHash("sha256").update(body).digest("hex")].join("\n");
      expect(verify(null, Buffer.from(message), key, Buffer.from(String(headers["x-fal-webhook-signature"]), "hex"))).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
