import { generateKeyPairSync } from "node:crypto";
import { firstValueFrom } from "rxjs";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { FalError, InvalidOptionError } from "../../src/index";
import { verifyWebhook$, WebhookVerificationError, type WebhookPayload } from "../../src/server/index";
import { useEmulator } from "../support/emulator";
import { collect, errorOf, until } from "../support/observe";
import { clockAhead, movableClock, payload, startKeyServer, startReceiver, type Delivery } from "../support/webhooks";

type Refused = WebhookVerificationError;

/** Deliveries the emulator signs, as fal signs its own, verified against its JWKS over loopback. */
describe("verifyWebhook$ with the emulator's deliveries", () => {
  const emu = useEmulator();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let other: Emulator;
  beforeAll(async () => {
    receiver = await startReceiver();
    other = await startEmulator();
  });
  afterAll(() => Promise.all([receiver.close(), other.close()]));
  beforeEach(() => (receiver.deliveries.length = 0));

  /** Submits to `emulator` with `fal_webhook` pointing at the receiver; resolves to the delivery. */
  async function delivered(emulator: Emulator = emu.emulator, input: unknown = { prompt: "a fox" }): Promise<Delivery> {
    await fetch(`${emulator.baseUrls.queue}/fal-ai/echo?fal_webhook=${encodeURIComponent(`${receiver.url}/hook`)}`, {
      method: "POST",
      headers: { authorization: "Key test-key-id:test-key-secret", "content-type": "application/json" },
      body: JSON.stringify(input),
    }).then((answer) => answer.json());
    await until(() => receiver.deliveries.length > 0, "the webhook delivery");
    return receiver.deliveries.shift()!;
  }
  const verify = (delivery: { headers: Delivery["headers"] | Headers; body: Buffer | string }, options = {}) =>
    verifyWebhook$<{ prompt: string }>(delivery, { jwksUrl: emu.emulator.jwksUrl, ...options });

  it("emits the verified payload once, typed, then completes", async () => {
    const delivery = await delivered();
    const values = await collect(verify(delivery));
    expect(values).toEqual([
      { request_id: expect.any(String), gateway_request_id: expect.any(String), status: "OK", payload: { prompt: "a fox" }, error: null, payload_error: null },
    ]);
    const typed: WebhookPayload<{ prompt: string }> = values[0]!;
    expect(typed.payload?.prompt).toBe("a fox");
    expect(typed.request_id).toBe(delivery.headers["x-fal-webhook-request-id"]);
  });

  it("verifies a fetch Request as a fetch-API server receives it", async () => {
    const delivery = await delivered();
    const headers = new Headers(Object.entries(delivery.headers).map(([name, value]): [string, string] => [name, String(value)]));
    const request = new Request("http://app.test/fal/webhook", { method: "POST", headers, body: new Uint8Array(delivery.body) });
    expect(await firstValueFrom(verifyWebhook$(request, { jwksUrl: emu.emulator.jwksUrl }))).toMatchObject({ status: "OK" });
  });

  it("refuses a tampered body: bad-signature", async () => {
    const delivery = await delivered();
    const body = Buffer.from(delivery.body.toString().replace("a fox", "a cat"));
    const error = (await errorOf(verify({ headers: delivery.headers, body }))) as Refused;
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toBeInstanceOf(FalError);
    expect(error.reason).toBe("bad-signature");
    expect(error.requestId).toBe(delivery.headers["x-fal-webhook-request-id"]);
    expect(error.message).toContain(emu.emulator.jwksUrl);
  });

  it("refuses a re-serialised body (whitespace changed): the raw bytes are what is signed", async () => {
    const delivery = await delivered();
    const body = JSON.stringify(JSON.parse(delivery.body.toString()), null, 2);
    expect(((await errorOf(verify({ headers: delivery.headers, body }))) as Refused).reason).toBe("bad-signature");
  });

  it("refuses a delivery whose request id header was changed", async () => {
    const delivery = await delivered();
    const headers = { ...delivery.headers, "x-fal-webhook-request-id": "someone-else" };
    expect(((await errorOf(verify({ headers, body: delivery.body }))) as Refused).reason).toBe("bad-signature");
  });

  it("refuses a delivery signed by another key (another emulator's)", async () => {
    const foreign = await delivered(other);
    const error = (await errorOf(verify(foreign))) as Refused;
    expect([error.reason, error.message]).toEqual(["bad-signature", expect.stringContaining("no key of the JWKS")]);
  });

  it.each([
    ["301 s old", 301_000],
    ["301 s ahead of now", -301_000],
  ])("refuses a delivery %s: stale-timestamp", async (_case, offset) => {
    const delivery = await delivered();
    const error = (await errorOf(verify(delivery, { scheduler: clockAhead(offset) }))) as Refused;
    expect([error.reason, error.message]).toEqual(["stale-timestamp", expect.stringContaining("within 300 s of now")]);
  });

  it("accepts a delivery 299 s old, and one 20 min old with toleranceSeconds: 1500", async () => {
    const delivery = await delivered();
    expect(await firstValueFrom(verify(delivery, { scheduler: clockAhead(299_000) }))).toMatchObject({ status: "OK" });
    expect(await firstValueFrom(verify(delivery, { scheduler: clockAhead(1_200_000), toleranceSeconds: 1500 }))).toMatchObject({ status: "OK" });
  });

  it.each(["x-fal-webhook-request-id", "x-fal-webhook-user-id", "x-fal-webhook-timestamp", "x-fal-webhook-signature"])(
    "refuses a delivery without %s: missing-header, naming it",
    async (name) => {
      const delivery = await delivered();
      const headers = { ...delivery.headers, [name]: undefined };
      const error = (await errorOf(verify({ headers, body: delivery.body }))) as Refused;
      expect([error.reason, error.message]).toEqual(["missing-header", expect.stringContaining(`the ${name} header is missing`)]);
    },
  );

  it("refuses a body a JSON parser already turned into an object, saying the raw body is needed", async () => {
    const delivery = await delivered();
    const error = await errorOf(verifyWebhook$({ headers: delivery.headers, body: JSON.parse(delivery.body.toString()) }, { jwksUrl: emu.emulator.jwksUrl }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/raw body/);
  });
});

/** The JWKS cache, against a key server of the test's own that counts its fetches (a new one, a new cache, per test). */
describe("verifyWebhook$'s JWKS", () => {
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  beforeEach(async () => {
    keys = await startKeyServer();
  });
  afterEach(() => keys.close());
  const verify = (body: string, headers: Record<string, string>) => verifyWebhook$({ headers, body }, { jwksUrl: keys.jwksUrl });

  it("is fetched once and kept: a second delivery is verified from the cache", async () => {
    await firstValueFrom(verify(payload("a"), keys.sign(payload("a"), { requestId: "a" })));
    await firstValueFrom(verify(payload("b"), keys.sign(payload("b"), { requestId: "b" })));
    expect(keys.fetches).toBe(1);
  });

  it("is fetched once for deliveries verified at the same time", async () => {
    const bodies = ["a", "b", "c", "d", "e"].map((id) => payload(id));
    const all = await Promise.all(bodies.map((body, index) => firstValueFrom(verify(body, keys.sign(body, { requestId: String(index) })))));
    expect(all.map((delivery) => delivery.request_id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(keys.fetches).toBe(1);
  });

  it("is fetched again for a key the cache does not have (rotation), once a minute has passed since the last fetch", async () => {
    const clock = movableClock();
    const options = { jwksUrl: keys.jwksUrl, scheduler: clock };
    await firstValueFrom(verifyWebhook$({ headers: keys.sign(payload()), body: payload() }, options));
    keys.rotate();
    const early = (await errorOf(verifyWebhook$({ headers: keys.sign(payload()), body: payload() }, options))) as Refused;
    expect([early.reason, keys.fetches]).toEqual(["bad-signature", 1]);
    clock.advance(60_000);
    expect(await firstValueFrom(verifyWebhook$({ headers: keys.sign(payload()), body: payload() }, options))).toMatchObject({ status: "OK" });
    expect(keys.fetches).toBe(2);
  });

  it("is fetched again at most once a minute for signatures no key verifies, so forgeries cannot make it hammer fal", async () => {
    const clock = movableClock();
    const options = { jwksUrl: keys.jwksUrl, scheduler: clock };
    const forger = generateKeyPairSync("ed25519").privateKey;
    await firstValueFrom(verifyWebhook$({ headers: keys.sign(payload()), body: payload() }, options));
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) {
      const error = (await errorOf(verifyWebhook$({ headers: keys.sign(payload(), {}, forger), body: payload() }, options))) as Refused;
      expect(error.reason).toBe("bad-signature");
    }
    expect(keys.fetches).toBe(2); // the first fetch, and one refetch for the first forgery
  });

  it("is not fetched for a delivery refused on its headers alone", async () => {
    const headers = keys.sign(payload());
    await errorOf(verify(payload(), { ...headers, "X-Fal-Webhook-Signature": "not-hex" }));
    await errorOf(verify(payload(), { ...headers, "X-Fal-Webhook-Timestamp": "yesterday" }));
    const stale = (await errorOf(verify(payload(), keys.sign(payload(), { timestamp: Math.floor(Date.now() / 1000) - 3600 })))) as Refused;
    expect(stale.reason).toBe("stale-timestamp");
    expect(keys.fetches).toBe(0);
  });

  it("is not fetched before subscribe", async () => {
    const verification$ = verify(payload(), keys.sign(payload()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(keys.fetches).toBe(0);
    await firstValueFrom(verification$);
    expect(keys.fetches).toBe(1);
  });

  it.each([
    ["answers 500", { status: 500, body: { detail: "down" } }, /could not be fetched: GET .* failed with 500: down/],
    ["is not a JWKS", { status: 200, body: { hello: "world" } }, /is not a JWKS/],
    ["holds no Ed25519 key", { status: 200, body: { keys: [{ kty: "RSA", n: "AQAB", e: "AQAB" }] } }, /holds no Ed25519 key/],
  ])("refuses with jwks-unavailable when the JWKS %s", async (_case, answer, why) => {
    keys.answer(answer);
    const error = (await errorOf(verify(payload(), keys.sign(payload())))) as Refused;
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect([error.reason, error.message]).toEqual(["jwks-unavailable", expect.stringMatching(why)]);
    expect(error.message).toContain(keys.jwksUrl);
  });

  it.each([
    ["a body that is not JSON", "not json", /the body is not JSON/],
    ["JSON that is not fal's payload", JSON.stringify({ request_id: "r", status: "MAYBE" }), /gateway_request_id|status/],
  ])("refuses %s, signed all the same: bad-payload", async (_case, body, why) => {
    const error = (await errorOf(verify(body, keys.sign(body)))) as Refused;
    expect([error.reason, error.message]).toEqual(["bad-payload", expect.stringMatching(why)]);
  });

  it("quotes the sender's request id in its message cut short, and keeps it whole in requestId", async () => {
    const requestId = "r".repeat(5_000);
    const error = (await errorOf(verify("{}", { ...keys.sign("{}", { requestId }), "X-Fal-Webhook-Signature": "00" }))) as Refused;
    expect(error.requestId).toBe(requestId);
    expect(error.message.length).toBeLessThan(300);
  });

  it("refuses options it cannot use, naming them", async () => {
    const delivery = { headers: keys.sign(payload()), body: payload() };
    const errors = await Promise.all([
      errorOf(verifyWebhook$(delivery, { toleranceSeconds: -1 })),
      errorOf(verifyWebhook$(delivery, { jwksUrl: "jwks.json" })),
      errorOf(verifyWebhook$(delivery, { tolerance: 5 } as object)),
    ]);
    expect(errors.map((error) => [error.constructor.name, (error as InvalidOptionError).option])).toEqual([
      ["InvalidOptionError", "toleranceSeconds"],
      ["InvalidOptionError", "jwksUrl"],
      ["InvalidOptionError", "tolerance"],
    ]);
  });
});
