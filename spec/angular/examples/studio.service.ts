import { Injectable } from "@angular/core";
import { injectFal, toViewState } from "fal-rx/angular";

/** What fal-ai/flux/dev returns. */
export interface Flux {
  images: { url: string; width: number; height: number }[];
}

/** What fal-ai/any-llm streams: the answer so far. */
export interface Answer {
  output: string;
}

@Injectable({ providedIn: "root" })
export class StudioService {
  private readonly fal = injectFal();

  /** An image through the queue: position, logs, then the image. Unsubscribing cancels the job at fal. */
  image(prompt: string) {
    return this.fal
      .subscribe$<Flux>("fal-ai/flux/dev", { input: { prompt }, logs: true, mode: "streaming" })
      .pipe(toViewState());
  }

  /** An LLM answer, streamed: partials as they come, then the result. Unsubscribing aborts the stream. */
  answer(question: string) {
    return this.fal
      .stream$<Answer>("fal-ai/any-llm", { input: { prompt: question, model: "google/gemini-flash-1.5" } })
      .pipe(toViewState());
  }
}
