/**
 * Embeds a text before anyone asks for it, so the wait for the embedding overlaps the person's
 * own pause. The Search view offers its query at every keystroke: when its pause after the last
 * keystroke ends, the query's vector is ready and only the store's half of the search is left
 * (#18 item 2). Capture offers the draft when typing pauses, so Save finds the note's vector
 * ready (item 7).
 *
 * One lane embeds one text at a time, and only the newest offered: texts typed past while one
 * runs are never embedded (their vectors would be thrown away, and the worker would still be busy
 * with them when the text that counts arrives). onnxruntime cannot stop a run once started, so
 * aborting them would not help either.
 */

export interface AheadResult {
  readonly vectors: Float32Array;
  readonly dims: number;
  /** Key of the model that made the vector. */
  readonly model: string;
}

/** Embeds one text with the active model; null when there is none. */
export type EmbedOne = (text: string) => Promise<AheadResult | null>;

interface Entry {
  readonly text: string;
  /** The model active when the text was offered; a lookup for another model finds nothing. */
  readonly model: string;
  readonly result: Promise<AheadResult | null>;
}

interface Waiting extends Entry {
  readonly start: () => void;
  readonly drop: () => void;
}

/** A text offered while another ran, then replaced by a newer one before its turn. */
export const SUPERSEDED = 'superseded by a newer text';

export class EmbedAhead {
  readonly #embed: EmbedOne;
  /** The newest text embedded, by the model it was offered under. */
  #done: { text: string; model: string; result: AheadResult } | null = null;
  #running: Entry | null = null;
  #next: Waiting | null = null;

  constructor(embed: EmbedOne) {
    this.#embed = embed;
  }

  /** The person now has `text` (under `model`): embed it once the lane is free. */
  offer(text: string, model: string): void {
    if (this.#find(text, model)) return;
    if (this.#running === null) {
      this.#running = this.#start(text, model);
      return;
    }
    this.#next?.drop();
    let start = (): void => undefined;
    let drop = (): void => undefined;
    const result = new Promise<AheadResult | null>((resolve, reject) => {
      start = () => {
        const entry = this.#start(text, model);
        this.#running = entry;
        entry.result.then(resolve, reject);
      };
      drop = () => reject(new Error(SUPERSEDED));
    });
    quiet(result);
    this.#next = { text, model, result, start, drop };
  }

  /**
   * The embedding of `text` if it was offered under `model` and is done, running or next;
   * undefined otherwise (the caller embeds it itself). It rejects if the early embedding failed
   * or was superseded before it ran: the caller then embeds it itself too. Each caller gets its
   * own copy of the vector, so one can hand it to a worker without spoiling it for the next.
   */
  find(text: string, model: string): Promise<AheadResult | null> | undefined {
    return this.#find(text, model)?.then((r) => r && { ...r, vectors: r.vectors.slice() });
  }

  #find(text: string, model: string): Promise<AheadResult | null> | undefined {
    for (const entry of [this.#running, this.#next]) {
      if (entry?.text === text && entry.model === model) return entry.result;
    }
    const done = this.#done;
    if (done?.text === text && done.model === model) return Promise.resolve(done.result);
    return undefined;
  }

  #start(text: string, model: string): Entry {
    const result = run(this.#embed, text);
    quiet(result);
    const entry = { text, model, result };
    const settle = (value: AheadResult | null | undefined): void => {
      // Only a vector of the model it was offered under is kept (the model may change mid-run).
      if (value?.model === model) this.#done = { text, model, result: value };
      if (this.#running !== entry) return;
      this.#running = null;
      const next = this.#next;
      this.#next = null;
      next?.start();
    };
    result.then(settle, () => settle(undefined));
    return entry;
  }
}

/**
 * `embed(text)`, a throw turned into a rejection: a run starts from a settling run too, where a
 * throw would escape into that one and leave this one's caller waiting.
 */
function run(embed: EmbedOne, text: string): Promise<AheadResult | null> {
  try {
    return embed(text);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Marks `promise` handled: a failed early embedding nobody asked for is no page error. */
function quiet(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}
