/** A model's output and the id fal gave the request. */
export interface Result<O> {
  readonly data: O;
  /** fal's request id (`x-fal-request-id`, or the queue's `request_id`); `""` if fal sent none. */
  readonly requestId: string;
}
