import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A fresh folder in the OS temp dir for the calling `describe`, removed with everything in it
 * after its tests (`afterAll`): `npm test` leaves the temp dir as it found it.
 */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
