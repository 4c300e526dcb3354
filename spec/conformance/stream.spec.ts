import { TEST_KEY, useEmulator } from "../support/emulator";
import { officialClient } from "../support/official";

/** The official client streaming from the emulator: proof its /stream and /tokens/ speak fal's protocol. */
describe("@fal-ai/client against the emulator: stream", () => {
  const emu = useEmulator();

  it("receives every event as data and the last one as the result", async () => {
    const stream = await officialClient(emu.emulator, TEST_KEY).stream("fal-ai/streamer", { input: { text: "one two", delay_ms: 0 } });
    const seen: unknown[] = [];
    stream.on("data", (data) => seen.push(data));
    const done = await stream.done();
    expect(seen).toEqual([
      { index: 0, delta: "one ", text: "one " },
      { index: 1, delta: "two", text: "one two" },
      { text: "one two", done: true },
    ]);
    expect(done).toEqual({ text: "one two", done: true });
    expect(stream.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [sent] = emu.emulator.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/run/fal-ai/streamer/stream" });
    // It sends "application/json, text/event-stream": its default accept and the stream's, merged.
    expect(sent!.headers.accept).toContain("text/event-stream");
  });

  it('gets a token from /tokens/ and streams with it in connectionMode "client"', async () => {
    // Its default token provider is deprecated and says so on the console.
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const stream = await officialClient(emu.emulator, TEST_KEY).stream("fal-ai/streamer", {
        input: { text: "via token", delay_ms: 0 },
        connectionMode: "client",
      });
      expect(await stream.done()).toEqual({ text: "via token", done: true });
    } finally {
      warn.mockRestore();
    }
    const [tokenRequest, streamRequest] = emu.emulator.requests;
    expect(tokenRequest).toMatchObject({ method: "POST", url: "/rest/tokens/" });
    expect(JSON.parse(tokenRequest!.body.toString())).toEqual({ allowed_apps: ["streamer"], token_expiration: 120 });
    expect(streamRequest!.url).toMatch(/^\/run\/fal-ai\/streamer\/stream\?fal_jwt_token=emulator-jwt\./);
    expect(streamRequest!.headers.authorization).toBeUndefined();
  });

  it("gets the 404 an app without a streaming route answers", async () => {
    const stream = await officialClient(emu.emulator, TEST_KEY).stream("fal-ai/echo", { input: {} });
    const error = await stream.done().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404 });
    expect(JSON.stringify((error as { body: unknown }).body)).toContain("Path /stream not found");
  });
});
