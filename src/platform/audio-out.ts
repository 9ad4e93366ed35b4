/**
 * Plays mono sentences one after another without a gap: each is scheduled on one AudioContext
 * to start when the one before ends, so a sentence synthesized while the previous plays follows
 * it seamlessly. `stop()` silences everything scheduled at once.
 */
export class AudioQueue {
  #context: AudioContext | null = null;
  #sources = new Set<AudioBufferSourceNode>();
  #endsAt = 0;
  /** Samples handed to the audio output so far (for Settings and tests). */
  scheduledSamples = 0;

  #ctx(): AudioContext {
    this.#context ??= new AudioContext();
    return this.#context;
  }

  /** Resumes the context (browsers start it suspended until a user gesture). */
  async ready(): Promise<void> {
    const ctx = this.#ctx();
    if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
  }

  /** Schedules `samples`; resolves when they have played (or at once after `stop()`). */
  play(samples: Float32Array<ArrayBuffer>, sampleRate: number): Promise<void> {
    const ctx = this.#ctx();
    const buffer = ctx.createBuffer(1, Math.max(1, samples.length), sampleRate);
    buffer.copyToChannel(samples, 0);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    const start = Math.max(ctx.currentTime, this.#endsAt);
    this.#endsAt = start + buffer.duration;
    this.#sources.add(source);
    this.scheduledSamples += samples.length;
    return new Promise((resolve) => {
      source.onended = () => {
        this.#sources.delete(source);
        resolve();
      };
      source.start(start);
    });
  }

  /** Stops every scheduled sentence now. */
  stop(): void {
    for (const s of this.#sources) {
      s.onended = null;
      try {
        s.stop();
      } catch {
        // Not started yet or already ended: nothing to stop.
      }
      s.disconnect();
    }
    this.#sources.clear();
    this.#endsAt = 0;
  }
}
