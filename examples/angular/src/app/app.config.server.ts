import { mergeApplicationConfig, type ApplicationConfig } from "@angular/core";
import { provideServerRendering, withRoutes } from "@angular/ssr";
import { provideFal, withHttpClient } from "fal-rx/angular";
import { emulatorConfig } from "../fal-emulator";
import { appConfig } from "./app.config";
import { serverRoutes } from "./app.routes.server";

// The server calls fal itself, with FAL_KEY from its environment (a string proxyUrl applies in
// browsers only); with FAL_EMULATOR_URL set, it calls the emulator instead of fal's hosts.
const emulator = process.env["FAL_EMULATOR_URL"];

const serverConfig: ApplicationConfig = {
  providers: [
    provideServerRendering(withRoutes(serverRoutes)),
    // Merged after appConfig's, so this config is the one the server's client uses.
    provideFal({ proxyUrl: "/api/fal/proxy", ...(emulator ? emulatorConfig(emulator) : {}) }, withHttpClient()),
  ],
};

export const config = mergeApplicationConfig(appConfig, serverConfig);
