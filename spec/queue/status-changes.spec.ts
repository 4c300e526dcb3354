import { from, lastValueFrom, toArray } from "rxjs";
import type { QueueLogLine, QueueStatus } from "../../src/index";
import { mergeLogs, statusChanges } from "../../src/queue/status-changes";
import { brief } from "./brief";

const urls = { request_id: "r1", response_url: "u", status_url: "u/status", cancel_url: "u/cancel" };
const line = (message: string, at = message): QueueLogLine => ({ message, level: "INFO", source: "user", timestamp: at });
const queued = (position: number): QueueStatus => ({ status: "IN_QUEUE", queue_position: position, ...urls });
const running = (...logs: QueueLogLine[]): QueueStatus => ({ status: "IN_PROGRESS", logs, ...urls });
const completed = (...logs: QueueLogLine[]): QueueStatus => ({ status: "COMPLETED", logs, metrics: {}, ...urls });

const changes = (statuses: QueueStatus[], seed?: QueueStatus) => lastValueFrom(from(statuses).pipe(statusChanges(seed), toArray())).then((out) => out.map(brief));

describe("statusChanges", () => {
  it("drops statuses equal to the one before: same status, position and log count", async () => {
    expect(await changes([queued(2), queued(2), queued(1), running(), running(), completed()])).toEqual([
      "IN_QUEUE 2",
      "IN_QUEUE 1",
      "IN_PROGRESS []",
      "COMPLETED []",
    ]);
  });

  it("drops a first status equal to the seed (the submit answer already emitted)", async () => {
    expect(await changes([queued(0), running()], queued(0))).toEqual(["IN_PROGRESS []"]);
  });

  it("accumulates log deltas, as the status stream sends them, into every later status", async () => {
    expect(await changes([running(line("a")), running(line("b")), running(), completed(line("c"))])).toEqual([
      "IN_PROGRESS [a]",
      "IN_PROGRESS [a,b]",
      "COMPLETED [a,b,c]",
    ]);
  });

  it("takes full log lists, as polls send them, without duplicating lines", async () => {
    expect(await changes([running(line("a")), running(line("a"), line("b")), completed(line("a"), line("b"))])).toEqual([
      "IN_PROGRESS [a]",
      "IN_PROGRESS [a,b]",
      "COMPLETED [a,b]",
    ]);
  });

  it("keeps the logs across a switch from the stream's deltas to polls' full lists", async () => {
    expect(await changes([running(line("a")), running(line("b")), running(line("a"), line("b"), line("c"))])).toEqual([
      "IN_PROGRESS [a]",
      "IN_PROGRESS [a,b]",
      "IN_PROGRESS [a,b,c]",
    ]);
  });
});

describe("mergeLogs", () => {
  it("appends lines that do not overlap the known ones", () => {
    expect(mergeLogs([line("a")], [line("b")]).map((l) => l.message)).toEqual(["a", "b"]);
  });

  it("replaces the known lines when the incoming ones start with all of them", () => {
    const known = [line("a"), line("b")];
    expect(mergeLogs(known, [line("a"), line("b"), line("c")]).map((l) => l.message)).toEqual(["a", "b", "c"]);
  });

  it("joins a resent window that overlaps only the known lines' end", () => {
    expect(mergeLogs([line("a"), line("b"), line("c")], [line("b"), line("c"), line("d")]).map((l) => l.message)).toEqual(["a", "b", "c", "d"]);
  });

  it("keeps a repeated message logged at another time", () => {
    expect(mergeLogs([line("tick", "t1")], [line("tick", "t2")]).map((l) => l.timestamp)).toEqual(["t1", "t2"]);
  });
});
