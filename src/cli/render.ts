import type { QueueStatus } from "../index.js";

/** Terminal styling; plain text when the stream is not a TTY or NO_COLOR is set. */
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);

export const style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
};

/**
 * A status line on stderr: rewritten in place on a TTY, one plain line per change otherwise (so
 * logs and CI output stay readable).
 */
export function statusLine(stream: NodeJS.WriteStream = process.stderr) {
  let live = false;
  return {
    update(text: string) {
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${text}`);
        live = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    /** Ends the live line so what follows starts on a fresh one. */
    done() {
      if (live) stream.write("\n");
      live = false;
    },
  };
}

/** `IN_QUEUE · position 2 · 0.4s`, `IN_PROGRESS · step 2/4 · 1.3s`, `COMPLETED · 2.0s`. */
export function describeStatus(status: QueueStatus, elapsedMs: number): string {
  const elapsed = `${(elapsedMs / 1000).toFixed(1)}s`;
  switch (status.status) {
    case "IN_QUEUE":
      return `IN_QUEUE · position ${status.queue_position} · ${elapsed}`;
    case "IN_PROGRESS": {
      const last = status.logs?.at(-1)?.message;
      return `IN_PROGRESS${last ? ` · ${last}` : ""} · ${elapsed}`;
    }
    case "COMPLETED":
      return `COMPLETED · ${elapsed}`;
  }
}

/** `[#########-----------]  45% 4.5/10.0 MB` (in the unit that suits the total: B, KB, MB or GB) */
export function progressBar(loaded: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, loaded / total) : 1;
  const filled = Math.round(fraction * width);
  const power = total < 1024 ? 0 : Math.min(3, Math.floor(Math.log(total) / Math.log(1024)));
  const size = (bytes: number) => (power === 0 ? String(bytes) : (bytes / 1024 ** power).toFixed(1));
  const unit = ["B", "KB", "MB", "GB"][power]!;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${size(loaded)}/${size(total)} ${unit}`;
}
