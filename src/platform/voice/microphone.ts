/**
 * The microphone: getUserMedia → AudioWorklet → 16 kHz mono blocks on the main thread, with a
 * level (dBFS) per block for the meter. The browser's echo cancellation, noise suppression and
 * gain control are off: they are tuned for calls, and Whisper hears the raw signal better.
 */
import { KianaError } from '@kiana/shared/errors';
import { Resampler } from '../../core/voice/resample.ts';
import { levelDb } from '../../core/voice/vad.ts';
import workletUrl from './capture-worklet.ts?worker&url';

export interface Microphone {
  /** Stops capturing and releases the device; resolves after the last block was delivered. */
  stop(): Promise<void>;
}

/** Maps getUserMedia's refusals to what the person can act on. */
function micError(error: unknown): KianaError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new KianaError('mic-denied', 'microphone access was denied', { cause: error });
  }
  return new KianaError('mic-absent', `no usable microphone: ${String(error)}`, { cause: error });
}

/** Starts recording; `onAudio` gets 16 kHz mono samples and the block's level. */
export async function startMicrophone(
  onAudio: (samples: Float32Array, levelDb: number) => void,
): Promise<Microphone> {
  // Absent outside secure contexts and in some embedded browsers, whatever the DOM types say.
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  if (devices === undefined)
    throw new KianaError('mic-absent', 'this browser offers no microphone');
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
      },
    });
  } catch (error) {
    throw micError(error);
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'kiana-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
    });
    const resampler = new Resampler(context.sampleRate);
    node.port.onmessage = (event: MessageEvent<Float32Array>) => {
      const block = event.data;
      onAudio(resampler.push(block), levelDb(block));
    };
    source.connect(node);
    return {
      async stop() {
        source.disconnect();
        for (const track of stream.getTracks()) track.stop();
        node.port.onmessage = null;
        await context.close();
      },
    };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close().catch(() => undefined);
    throw micError(error);
  }
}
