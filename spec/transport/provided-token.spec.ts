import { firstValueFrom, of } from "rxjs";
import { FalError, type TokenProvider } from "../../src/index";
import { providedToken$ } from "../../src/transport/token";
import { collect, errorOf } from "../support/observe";

/** The one place stream$ and realtime ask a caller's tokenProvider. */
describe("providedToken$", () => {
  it("asks the provider only on subscribe, with the app, and emits its answer", async () => {
    const asked: string[] = [];
    const token$ = providedToken$((app) => {
      asked.push(app);
      return of("t1");
    }, "fal-ai/app/realtime");
    expect(asked).toEqual([]);
    expect(await firstValueFrom(token$)).toBe("t1");
    expect(asked).toEqual(["fal-ai/app/realtime"]);
  });

  it("emits a token the provider returns as a plain string whole, not character by character", async () => {
    const provider: TokenProvider = () => "jwt-abc"; // typed: a string is an ObservableInput<string>
    expect(await collect(providedToken$(provider, "fal-ai/app/stream"))).toEqual(["jwt-abc"]);
  });

  it("names a thrown value that is not an Error by its string form, keeping it as the cause", async () => {
    const error = await errorOf(
      providedToken$(() => {
        throw "offline";
      }, "fal-ai/app/stream"),
    );
    expect(error.constructor).toBe(FalError);
    expect(error.message).toBe("tokenProvider failed for fal-ai/app/stream: offline");
    expect(error.cause).toBe("offline");
  });
});
