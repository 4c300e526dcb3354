import { provideHttpClient, withFetch } from "@angular/common/http";
import { provideBrowserGlobalErrorListeners, type ApplicationConfig } from "@angular/core";
import { provideClientHydration, withEventReplay } from "@angular/platform-browser";
import { provideRouter } from "@angular/router";
import { provideFal, withHttpClient } from "fal-rx/angular";
import { routes } from "./app.routes";

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes),
    provideClientHydration(withEventReplay()),
    provideHttpClient(withFetch()),
    // In the browser every fal request goes to this app's server, which adds the key (src/server.ts).
    provideFal({ proxyUrl: "/api/fal/proxy" }, withHttpClient()),
  ],
};
