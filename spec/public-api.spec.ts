import { join, resolve } from "node:path";
import ts from "typescript";
import * as api from "../src/index";

/**
 * The `fal-rx` entry exports what users call and name, nothing internal. Both lists are pinned, so
 * a name that leaks in (or drops out) shows in review as a change to this file.
 */
describe("the public API (the fal-rx entry)", () => {
  it("exports exactly these values at run time", () => {
    expect(Object.keys(api).sort()).toEqual([
      "ApiError",
      "FalError",
      "FalTimeoutError",
      "FileReadError",
      "InvalidEndpointIdError",
      "InvalidOptionError",
      "NetworkError",
      "OutputValidationError",
      "VERSION",
      "ValidationError",
      "WireFormatError",
      "createFalClient",
      "emulatorBaseUrls",
      "fal",
      "fetchHandler",
      "parseEndpointId",
      "partials",
      "result",
      "toViewState",
    ]);
  });

  it("exports exactly these types (the names that have no value at run time)", () => {
    const ROOT = resolve(__dirname, "..");
    const entry = join(ROOT, "src", "index.ts");
    const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"] });
    const checker = program.getTypeChecker();
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
    // Type-only exports: what the compiler sees exported, less what exists at run time.
    const types = exported.filter((symbol) => !(symbol.name in api));
    expect(types.map((symbol) => symbol.name).sort()).toEqual([
      "BaseUrls",
      "CallOptions",
      "CancelAnswer",
      "CompletedStatus",
      "EndpointId",
      "EndpointInput",
      "EndpointOutput",
      "ExpiresIn",
      "FalClient",
      "FalConfig",
      "FalEndpointId",
      "FalEndpoints",
      "FalSingleton",
      "FetchLike",
      "HttpHandler",
      "HttpMethod",
      "HttpRequest",
      "InProgressStatus",
      "InQueueStatus",
      "InputSchemaOption",
      "KnownEndpointId",
      "OutputSchemaOption",
      "PartialSchemaOption",
      "ProxyWhen",
      "QueueClient",
      "QueueLogLine",
      "QueueRequestOptions",
      "QueueRequestRef",
      "QueueResultOptions",
      "QueueStatus",
      "QueueStatusOptions",
      "RequestBody",
      "RequestDescriptor",
      "Result",
      "ResultEvent",
      "ResultFunction",
      "RetryOptions",
      "RunFunction",
      "RunOptions",
      "RuntimeEnv",
      "SchemaIssue",
      "StandardSchemaV1",
      "StatusEvent",
      "StorageAcl",
      "StorageAclDecision",
      "StorageClient",
      "StreamEvent",
      "StreamFunction",
      "StreamOptions",
      "StreamPartial",
      "StreamResult",
      "SubmitFunction",
      "SubmitOptions",
      "SubscribeEvent",
      "SubscribeFunction",
      "SubscribeOptions",
      "TokenProvider",
      "TransformInputOptions",
      "UploadEvent",
      "UploadLifecycle",
      "UploadOptions",
      "UploadProgressEvent",
      "Uploadable",
      "UploadedEvent",
      "ValidationErrorDetail",
      "ViewPartialOf",
      "ViewPhase",
      "ViewResultOf",
      "ViewState",
      "ViewStateEvent",
      "WithFileUrls",
    ]);
  });
});
