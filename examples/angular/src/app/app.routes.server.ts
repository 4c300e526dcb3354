import { RenderMode, type ServerRoute } from "@angular/ssr";

export const serverRoutes: ServerRoute[] = [
  // Rendered per request: its fal calls run on the server and their results are handed to the browser.
  { path: "", renderMode: RenderMode.Server },
  // Prerendered at build time (the CLI's default): fal-rx skips its calls there; the browser makes them.
  { path: "**", renderMode: RenderMode.Prerender },
];
