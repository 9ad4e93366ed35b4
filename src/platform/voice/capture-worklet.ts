/**
 * The AudioWorklet that hands microphone samples to the page. It runs on the audio thread,
 * which must never wait: it only copies the first channel into blocks of ~85 ms (4096 frames at
 * 48 kHz) and posts them; resampling and everything else happens on the main thread.
 */

// The AudioWorkletGlobalScope is not in TypeScript's DOM lib.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

const BLOCK = 4096;

class CaptureProcessor extends AudioWorkletProcessor {
  #block = new Float32Array(BLOCK);
  #filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    let from = 0;
    while (from < channel.length) {
      const n = Math.min(channel.length - from, BLOCK - this.#filled);
      this.#block.set(channel.subarray(from, from + n), this.#filled);
      this.#filled += n;
      from += n;
      if (this.#filled === BLOCK) {
        this.port.postMessage(this.#block, [this.#block.buffer]);
        this.#block = new Float32Array(BLOCK);
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('kiana-capture', CaptureProcessor);
