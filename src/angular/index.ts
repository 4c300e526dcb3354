/**
 * fal-rx/angular: fal-rx for Angular (>= 20). `provideFal()` configures a client that
 * `inject(FalService)` / `injectFal()` return; its operations keep the application unstable until
 * their result (so SSR waits for them), hand a server render's outcome to the browser
 * (`TransferState`), end with the injector, and may go through `HttpClient` (`withHttpClient()`).
 * `falResource()` makes a call a set of signals. Imports `@angular/core` and `@angular/common/http`;
 * the `fal-rx` entry never imports this one.
 */
export {
  FalService,
  injectFal,
  type AngularCallOptions,
  type AngularQueueClient,
  type AngularStorageClient,
  type PendingTaskOption,
  type TransferOption,
} from "./fal-service.js";
export {
  provideFal,
  withHttpClient,
  withNoPendingTasks,
  withNoTransferState,
  withPrerenderCalls,
  type FalConfigSource,
  type FalFeature,
} from "./provide-fal.js";
export type { HttpClientOptions } from "./http-client-transport.js";
export { falResource, type FalResource, type FalResourceOptions } from "./fal-resource.js";
// Plain RxJS, at home in "fal-rx"; re-exported so an Angular file needs one import.
export { toViewState, type ViewPhase, type ViewState } from "../index.js";
