import { Component } from "@angular/core";
import { falResource, injectFal } from "fal-rx/angular";

/**
 * A prerendered page (app.routes.server.ts): fal-rx skips its call at build time, so the static
 * HTML shows the resource idle, never an error; the browser makes the call after hydration.
 */
@Component({
  selector: "app-gallery",
  template: `
    <h2>Gallery</h2>
    <p class="status">{{ picture.status() }}</p>
    @if (picture.value(); as flux) {
      <img [src]="flux.images[0]?.url" alt="a red fox" />
    }
  `,
})
export class GalleryPage {
  private readonly fal = injectFal();
  readonly picture = falResource({
    call: () => this.fal.subscribe$<{ images: { url: string }[] }>("fal-ai/flux/dev", { input: { prompt: "a red fox" } }),
  });
}
