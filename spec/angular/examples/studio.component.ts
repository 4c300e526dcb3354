import { Component, inject, signal } from "@angular/core";
import { toObservable, toSignal } from "@angular/core/rxjs-interop";
import { Subject, switchMap, takeUntil, tap } from "rxjs";
import { StudioService } from "./studio.service";

@Component({
  selector: "app-studio",
  template: `
    <section class="image">
      <input #box aria-label="Prompt" [value]="prompt()" (keyup.enter)="prompt.set(box.value)" />
      @if (image(); as job) {
        @switch (job.phase) {
          @case ("queued") { <p class="status">Position in queue: {{ job.position ?? "…" }}</p> }
          @case ("running") { <p class="status">Generating…</p> }
          @case ("error") { <p class="status error">{{ job.error?.message }}</p> }
        }
        @if (job.result; as flux) {
          <img [src]="flux.images[0].url" [alt]="prompt()" />
        }
        <ol class="logs">
          @for (line of job.logs; track $index) {
            <li>{{ line.message }}</li>
          }
        </ol>
      }
    </section>

    <section class="chat">
      <input #question aria-label="Question" />
      <button class="ask" (click)="ask(question.value)">Ask</button>
      <button class="stop" (click)="stop()" [disabled]="answer()?.phase !== 'streaming' || stopped()">Stop</button>
      @if (answer(); as reply) {
        <p class="answer">{{ reply.result?.output ?? reply.partial?.output }}</p>
        @if (stopped()) { <p class="stopped">(stopped)</p> }
        @if (reply.error; as error) { <p class="error">{{ error.message }}</p> }
      }
    </section>
  `,
})
export class StudioComponent {
  private readonly studio = inject(StudioService);

  /** A new prompt starts a new job; switchMap unsubscribes from the old one, which cancels it at fal. */
  readonly prompt = signal("a lighthouse at dusk, oil on canvas");
  readonly image = toSignal(toObservable(this.prompt).pipe(switchMap((prompt) => this.studio.image(prompt))));

  /** A new question replaces the answer being streamed; Stop aborts it where it is. */
  private readonly questions = new Subject<string>();
  private readonly stops = new Subject<void>();
  readonly stopped = signal(false);
  readonly answer = toSignal(
    this.questions.pipe(
      tap(() => this.stopped.set(false)),
      switchMap((question) => this.studio.answer(question).pipe(takeUntil(this.stops))),
    ),
  );

  ask(question: string) {
    this.questions.next(question);
  }

  stop() {
    this.stopped.set(true);
    this.stops.next();
  }
}
