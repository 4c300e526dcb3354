import { Injectable } from "@angular/core";
import { injectFal, toViewState } from "fal-rx/angular";
import type {} from "fal-rx/endpoints";
import * as z from "zod";

/** What our own upscaler answers (fal's map does not know it): checked on arrival, typed from then on. */
const Upscaled = z.object({ image: z.object({ url: z.string(), width: z.number().int(), height: z.number().int() }) });

@Injectable({ providedIn: "root" })
export class GalleryService {
  private readonly fal = injectFal();

  /** fal-ai/flux/dev through the queue, typed by fal's map: a wrong input field does not compile. */
  image(prompt: string) {
    return this.fal.subscribe$("fal-ai/flux/dev", { input: { prompt, num_images: 1 }, mode: "streaming" }).pipe(toViewState());
  }

  /** Our own app: the schema types the result, and an answer of another shape is an OutputValidationError. */
  upscale(imageUrl: string) {
    return this.fal.run$("acme/upscaler", { input: { image_url: imageUrl, scale: 2 }, output: Upscaled }).pipe(toViewState());
  }
}
