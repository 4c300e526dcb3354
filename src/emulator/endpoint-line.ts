import type { Job } from "./queue-job.js";

/**
 * One endpoint's share of the queue: its waiting jobs in start order (normal priority before low,
 * then first come first served) and how many of its jobs run.
 *
 * Each waiting job's `position` is kept up to date as the line changes, so reading one is O(1); a
 * change renumbers only the jobs behind it, and the jobs whose position really moved are collected
 * for {@link takeMoved}, so only their status streams are told.
 */
export class EndpointLine {
  /** Jobs of this endpoint running now. */
  running = 0;
  private readonly normal: Job[] = [];
  private readonly low: Job[] = [];
  private readonly moved = new Set<Job>();

  /** Jobs waiting. */
  get waiting(): number {
    return this.normal.length + this.low.length;
  }

  /** The job to start next, if any waits. */
  next(): Job | undefined {
    return this.normal[0] ?? this.low[0];
  }

  /** Puts a job at the end of its priority: a normal one moves every low one back. */
  add(job: Job): void {
    if (job.priority === "low") {
      this.low.push(job);
      this.renumber(this.low, this.low.length - 1, this.normal.length);
    } else {
      this.normal.push(job);
      this.renumber(this.normal, this.normal.length - 1, 0);
      this.renumber(this.low, 0, this.normal.length);
    }
  }

  /** Takes a waiting job out of the line (it starts, is cancelled or timed out): those behind it move up. */
  remove(job: Job): void {
    const low = job.priority === "low";
    const list = low ? this.low : this.normal;
    const index = low ? job.position - this.normal.length : job.position;
    list.splice(index, 1);
    job.position = 0;
    this.moved.delete(job);
    this.renumber(list, index, low ? this.normal.length : 0);
    if (!low) this.renumber(this.low, 0, this.normal.length);
  }

  /** The waiting jobs whose position changed since the last call. */
  takeMoved(): Job[] {
    const moved = [...this.moved];
    this.moved.clear();
    return moved;
  }

  /** Empties the line (the emulator is closing); the jobs keep their status. */
  clear(): void {
    for (const job of [...this.normal, ...this.low]) job.position = 0;
    this.normal.length = this.low.length = 0;
    this.moved.clear();
  }

  private renumber(list: Job[], from: number, offset: number): void {
    for (let index = from; index < list.length; index++) {
      const job = list[index]!;
      if (job.position === offset + index) continue;
      job.position = offset + index;
      this.moved.add(job);
    }
  }
}
