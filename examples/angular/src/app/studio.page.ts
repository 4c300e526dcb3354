import { Component, signal } from "@angular/core";
import { toObservable, toSignal } from "@angular/core/rxjs-interop";
import { Subject, switchMap } from "rxjs";
import { injectFal, toViewState } from "fal-rx/angular";

/** What fal-ai/flux/dev returns (the part this page reads). */
interface Flux {
  images: { url: string }[];
}

@Component({
  selector: "app-studio",
  template: `
    <section class="image">
      <h2>Image</h2>
      <input #box aria-label="Prompt" [value]="prompt()" (keyup.enter)="prompt.set(box.value)" />
      @if (image(); as job) {
        <p class="phase">{{ job.phase }}</p>
        @if (job.result; as flux) {
          <img [src]="flux.images[0]?.url" [alt]="prompt()" />
        }
        <ol class="logs">
          @for (line of job.logs; track $index) {
            <li>{{ line.message }}</li>
          }
        </ol>
      }
    </section>

    <section class="chat">
      <h2>Stream</h2>
      <input #question aria-label="Question" value="What is an Observable?" />
      <button class="ask" (click)="questions.next(question.value)">Ask</button>
      <p class="answer">{{ answer()?.result?.output ?? answer()?.partial?.output }}</p>
    </section>

    <section class="upload">
      <h2>Upload</h2>
      <input type="file" aria-label="File" (change)="upload($any($event.target).files[0])" />
      @if (uploaded(); as file) {
        <progress [value]="file.progress?.loaded ?? 0" [max]="file.progress?.total ?? 1"></progress>
        <p class="upload-phase">{{ file.phase }}</p>
        @if (file.result; as url) {
          <a class="file-url" [href]="url">{{ url }}</a>
        }
      }
    </section>
  `,
})
export class StudioPage {
  private readonly fal = injectFal();

  /**
   * A new prompt starts a new job; switchMap unsubscribes from the old one, which cancels it at fal.
   * The first prompt's job runs on the server; hydration shows its result without a second job.
   */
  readonly prompt = signal("a lighthouse at dusk");
  readonly image = toSignal(
    toObservable(this.prompt).pipe(
      switchMap((prompt) => this.fal.subscribe$<Flux>("fal-ai/flux/dev", { input: { prompt }, logs: true, mode: "streaming" }).pipe(toViewState())),
    ),
  );

  /** An LLM answer, token by token (asked in the browser only: it starts on a click). */
  readonly questions = new Subject<string>();
  readonly answer = toSignal(
    this.questions.pipe(
      switchMap((question) => this.fal.stream$<{ output: string }>("fal-ai/any-llm", { input: { prompt: question } }).pipe(toViewState())),
    ),
  );

  /** An upload to fal's storage, with its progress. */
  private readonly files = new Subject<File>();
  readonly uploaded = toSignal(this.files.pipe(switchMap((file) => this.fal.storage.uploadEvents$(file).pipe(toViewState()))));

  upload(file: File | undefined) {
    if (file) this.files.next(file);
  }
}
