import { Injectable } from "@angular/core";
import { map } from "rxjs";
import { partials } from "fal-rx";
import { injectFal } from "fal-rx/angular";

@Injectable({ providedIn: "root" })
export class AnswerService {
  private readonly fal = injectFal();

  /** The answer so far, growing as fal-ai/any-llm streams it. */
  answer$(question: string) {
    return this.fal.stream$<{ output: string }>("fal-ai/any-llm", { input: { prompt: question } }).pipe(
      partials(),
      map((partial) => partial.output),
    );
  }
}
