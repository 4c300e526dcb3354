import { Component, computed, inject } from "@angular/core";
import { toObservable, toSignal } from "@angular/core/rxjs-interop";
import { filter, switchMap } from "rxjs";
import { GalleryService } from "./gallery.service";

@Component({
  selector: "app-gallery",
  template: `
    @if (image().result; as flux) {
      <img class="generated" [src]="flux.images[0]?.url" [alt]="flux.prompt" />
      <p class="seed">Seed {{ flux.seed }}</p>
    } @else {
      <p class="status">{{ image().phase }}</p>
    }
    @if (upscaled()?.result; as big) {
      <img class="upscaled" [src]="big.image.url" [width]="big.image.width" [height]="big.image.height" />
    }
    @if (upscaled()?.error; as error) {
      <p class="error">{{ error.message }}</p>
    }
  `,
})
export class GalleryComponent {
  private readonly gallery = inject(GalleryService);

  readonly image = toSignal(this.gallery.image("a lighthouse at dusk"), { requireSync: true });
  /** Typed by fal's map: `images[0].url` is a string, no cast. */
  readonly imageUrl = computed(() => this.image().result?.images[0]?.url);
  /** Each new image is upscaled; a newer one replaces (and cancels) the upscale in flight. */
  readonly upscaled = toSignal(
    toObservable(this.imageUrl).pipe(
      filter((url) => url !== undefined),
      switchMap((url) => this.gallery.upscale(url)),
    ),
  );
}
