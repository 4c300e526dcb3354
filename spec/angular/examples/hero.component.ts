import { Component, signal } from "@angular/core";
import { falResource, injectFal } from "fal-rx/angular";

/** What fal-ai/flux/dev returns (the part this page reads). */
export interface Flux {
  images: { url: string }[];
}

@Component({
  selector: "app-hero",
  template: `
    <input #box aria-label="Prompt" [value]="prompt()" (keyup.enter)="prompt.set(box.value)" />
    @switch (hero.status()) {
      @case ("loading") {
        <p class="status">{{ hero.state()?.phase }} {{ hero.state()?.logs?.at(-1)?.message }}</p>
      }
      @case ("error") {
        <p class="error">{{ hero.error()?.message }}</p>
      }
    }
    @if (hero.value(); as flux) {
      <img [src]="flux.images[0]?.url" [alt]="prompt()" />
    }
  `,
})
export class HeroComponent {
  private readonly fal = injectFal();

  readonly prompt = signal("a lighthouse at dusk");
  /** A new prompt cancels the running job at fal and starts the next; an empty one calls nothing. */
  readonly hero = falResource({
    params: () => this.prompt() || undefined,
    call: (prompt) => this.fal.subscribe$<Flux>("fal-ai/flux/dev", { input: { prompt }, logs: true }),
  });
}
