import { TEST_KEY, useEmulator } from "../support/emulator";
import { officialClient } from "../support/official";

const MB = 1024 * 1024;
const text = async (url: string) => (await fetch(url)).text();

/** The official client's uploads against the emulator: proof its storage speaks fal's protocol. */
describe("@fal-ai/client against the emulator: storage", () => {
  const emu = useEmulator();

  it("uploads a Blob: initiate with the key, PUT without it, bytes served at the URL", async () => {
    const url = await officialClient(emu.emulator, TEST_KEY).storage.upload(new Blob(["official bytes"], { type: "text/plain" }));
    expect(await text(url)).toBe("official bytes");
    const [initiate, put] = emu.emulator.requests;
    expect(initiate).toMatchObject({ method: "POST", url: "/rest/storage/upload/initiate?storage_type=fal-cdn-v3" });
    expect(initiate!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(put).toMatchObject({ method: "PUT", route: "upload" });
    expect(put!.headers.authorization).toBeUndefined();
  });

  it("sends its lifecycle header in a form the emulator accepts", async () => {
    await officialClient(emu.emulator, TEST_KEY).storage.upload(new Blob(["x"]), { lifecycle: { expiresIn: "1h" } });
    expect(JSON.parse(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle"]!)).toEqual({ expiration_duration_seconds: 3600 });
  });

  it("uploads above 90 MB multipart: part URLs, etags and the complete call all accepted", async () => {
    // The official client goes multipart on `size > 90 MB` and reads the file only through
    // slice(); a file that claims 95 MB but slices into small distinct pieces exercises its whole
    // multipart protocol without allocating 95 MB.
    const pieces: string[] = [];
    const file = {
      size: 95 * MB,
      type: "application/octet-stream",
      name: "big.bin",
      slice: (start: number) => {
        const piece = `<piece at ${start}>`;
        pieces.push(piece);
        return new Blob([piece]);
      },
    };
    const url = await officialClient(emu.emulator, TEST_KEY).storage.upload(file as unknown as Blob);
    expect(pieces).toHaveLength(10);
    expect(await text(url)).toBe(pieces.join(""));
    const uploads = emu.emulator.requests.filter((request) => request.route === "upload" && request.method !== "GET");
    expect(uploads.map((request) => `${request.method} ${request.url.replace(/signed\/[\w-]+/, "signed/ID").replace(/signature=\w+/, "signature=S")}`)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `PUT /upload/signed/ID/${i + 1}?signature=S`),
      "POST /upload/signed/ID/complete?signature=S",
    ]);
    expect(uploads.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it("uploads the Blob in a run's input and sends its URL", async () => {
    const { data } = await officialClient(emu.emulator, TEST_KEY).run("fal-ai/echo", { input: { image_url: new Blob(["pixels"]) } });
    const { image_url } = data as { image_url: string };
    expect(image_url).toMatch(/\/upload\/files\//);
    expect(await text(image_url)).toBe("pixels");
  });
});
