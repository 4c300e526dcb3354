/**
 * fal-rx/angular: fal-rx for Angular (>= 20). `provideFal()` configures a client that
 * `inject(FalClient)` / `injectFal()` return; its operations keep the application unstable until
 * their result (so SSR waits for them), end with the injector, and may go through `HttpClient`
 * (`withHttpClient()`). Imports `@angular/core` and `@angular/common/http`; the `fal-rx` entry
 * never imports this one.
 */
export { FalClient, injectFal, type AngularQueueClient, type AngularStorageClient, type PendingTaskOption } from "./fal-client.js";
export { provideFal, withHttpClient, withNoPendingTasks, type FalConfigSource, type FalFeature } from "./provide-fal.js";
// Plain RxJS, at home in "fal-rx"; re-exported so an Angular file needs one import.
export { toViewState, type ViewPhase, type ViewState } from "../index.js";
