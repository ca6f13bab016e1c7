/**
 * Microphone and speaker selection through the SDK's AudioHelper (`device.audio`).
 * Follows whichever Device the session runs, re-reads the device lists on the
 * helper's `deviceChange`, and applies a choice with `setInputDevice` /
 * `speakerDevices.set`. What to show is decided by the pure `audioDeviceView`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import { audioDeviceView, type AudioDeviceView } from '../core/audio-devices.js';
import type { PhoneError } from '../core/phone-state.js';

type AudioHelper = NonNullable<Device['audio']>;
const EMPTY: AudioDeviceView = { microphones: null, speakers: null };

export class AudioDevicesController implements ReactiveController {
  view: AudioDeviceView = EMPTY;
  private audio: AudioHelper | null = null;
  private detach: () => void = () => undefined;
  private key = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getDevice: () => Device | null,
    private readonly onError: (error: PhoneError) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // Lit also updates a removed element: it binds nothing then (hostDisconnected unbound it).
    const connected = (this.host as Partial<HTMLElement>).isConnected !== false;
    const audio = connected ? (this.getDevice()?.audio ?? null) : null;
    if (audio !== this.audio) this.bind(audio);
  }

  hostDisconnected(): void {
    this.bind(null);
  }

  /** Uses the microphone `id` for this and later calls. */
  async selectMicrophone(id: string): Promise<void> {
    const audio = this.audio;
    if (!audio) return;
    try {
      await audio.setInputDevice(id);
    } catch (err) {
      this.onError({ message: `The microphone could not be switched: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.refresh();
  }

  /** Plays calls through the output `id`. */
  async selectSpeaker(id: string): Promise<void> {
    const audio = this.audio;
    if (!audio) return;
    try {
      await audio.speakerDevices.set(id);
    } catch (err) {
      this.onError({ message: `The speaker could not be switched: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.refresh();
  }

  private bind(audio: AudioHelper | null): void {
    this.detach();
    this.detach = () => undefined;
    this.audio = audio;
    if (audio) {
      const onChange = () => this.refresh();
      audio.on('deviceChange', onChange);
      this.detach = () => audio.off('deviceChange', onChange);
    }
    this.refresh();
  }

  private refresh(): void {
    const audio = this.audio;
    const next = audio
      ? audioDeviceView({
          inputs: audio.availableInputDevices.values(),
          outputs: audio.availableOutputDevices.values(),
          inputId: audio.inputDevice?.deviceId ?? null,
          outputId: [...audio.speakerDevices.get()][0]?.deviceId ?? null,
          outputSelectionSupported: audio.isOutputSelectionSupported,
        })
      : EMPTY;
    const key = JSON.stringify(next);
    if (key === this.key) return;
    this.key = key;
    this.view = next;
    this.host.requestUpdate();
  }
}
