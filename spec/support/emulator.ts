import { createFalClient, type FalClient, type FalConfig } from "../../src/index";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/index";

/** The key test emulators require; specs assert it never leaks. */
export const TEST_KEY = "test-key-id:test-key-secret";

/**
 * Starts an emulator for the spec file (beforeAll) and closes it (afterAll); recorded requests and
 * faults are reset before each test. `client()` is a client pointed at it with fast retries.
 */
export function useEmulator(options: EmulatorOptions = {}) {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ key: TEST_KEY, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());
  const get = () => {
    if (!emulator) throw new Error("emulator not started");
    return emulator;
  };
  return {
    get emulator() {
      return get();
    },
    client(config: FalConfig = {}): FalClient {
      return createFalClient({
        credentials: TEST_KEY,
        baseUrls: get().baseUrls,
        ...config,
        // Retry timing is pinned by marble tests; over the wire only behaviour matters.
        retry: { baseDelay: 1, maxDelay: 5, ...config.retry },
      });
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
