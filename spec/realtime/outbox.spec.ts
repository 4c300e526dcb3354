import { firstValueFrom, lastValueFrom } from "rxjs";
import { Outbox, type Sender } from "../../src/realtime/outbox";
import type { Frame } from "../../src/realtime/codec";

/** The send rules of a realtime session: latest unsent input only, nothing twice. */
describe("Outbox", () => {
  const socket = () => {
    const sent: Frame[] = [];
    let open = true;
    const sender: Sender = (frame) => open && (sent.push(frame), true);
    return { sent, sender, close: () => (open = false) };
  };

  it("sends at once while a connection is open", () => {
    const outbox = new Outbox();
    const s = socket();
    outbox.attach(s.sender);
    outbox.offer("a");
    outbox.offer("b");
    expect(s.sent).toEqual(["a", "b"]);
  });

  it("keeps only the latest input while disconnected and sends it first on the next connection", () => {
    const outbox = new Outbox();
    outbox.offer("a");
    outbox.offer("b");
    outbox.offer("c");
    const s = socket();
    outbox.attach(s.sender);
    expect(s.sent).toEqual(["c"]);
  });

  it("never sends an input twice across connections", () => {
    const outbox = new Outbox();
    const first = socket();
    outbox.attach(first.sender);
    outbox.offer("a");
    outbox.detach(first.sender);
    const second = socket();
    outbox.attach(second.sender);
    expect(first.sent).toEqual(["a"]);
    expect(second.sent).toEqual([]);
  });

  it("sends the input the server refused with Unauthorized again on the next connection", () => {
    const outbox = new Outbox();
    const first = socket();
    outbox.attach(first.sender);
    outbox.offer("a");
    outbox.refused();
    outbox.detach(first.sender);
    const second = socket();
    outbox.attach(second.sender);
    expect(second.sent).toEqual(["a"]);
  });

  it("does not resend a refused input that was answered, or that a newer input replaced", () => {
    const outbox = new Outbox();
    const first = socket();
    outbox.attach(first.sender);
    outbox.offer("a");
    outbox.answered();
    outbox.refused();
    outbox.detach(first.sender);
    outbox.offer("b");
    const second = socket();
    outbox.attach(second.sender);
    expect(second.sent).toEqual(["b"]);
  });

  it("keeps the input when the socket is already closing", () => {
    const outbox = new Outbox();
    const closing = socket();
    outbox.attach(closing.sender);
    closing.close();
    outbox.offer("a");
    const next = socket();
    outbox.detach(closing.sender);
    outbox.attach(next.sender);
    expect(next.sent).toEqual(["a"]);
  });

  it("ignores a late close of an old connection", () => {
    const outbox = new Outbox();
    const old = socket();
    const current = socket();
    outbox.attach(old.sender);
    outbox.attach(current.sender);
    outbox.detach(old.sender);
    outbox.offer("a");
    expect(current.sent).toEqual(["a"]);
  });

  it("signals demand for a new connection when an input arrives, or at once if one is pending", async () => {
    const outbox = new Outbox();
    const demand = firstValueFrom(outbox.demand$(), { defaultValue: "none" });
    outbox.offer("a");
    await expect(demand).resolves.toBeUndefined();
    await expect(firstValueFrom(outbox.demand$(), { defaultValue: "none" })).resolves.toBeUndefined();
  });

  it("signals no demand once the inputs have ended with nothing pending", async () => {
    const outbox = new Outbox();
    outbox.end();
    await expect(lastValueFrom(outbox.demand$(), { defaultValue: "none" })).resolves.toBe("none");
  });
});
