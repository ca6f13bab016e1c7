/**
 * Which audio device pickers `<twilio-phone>` shows and what they list (pure).
 * Input comes from the SDK's `device.audio` (AudioHelper): its device maps and
 * `isOutputSelectionSupported`.
 */
export interface DeviceLike {
  deviceId: string;
  label: string;
}

export interface DeviceChoice {
  id: string;
  label: string;
  selected: boolean;
}

export interface AudioDeviceView {
  /** null: do not render the microphone picker */
  microphones: DeviceChoice[] | null;
  /** null: do not render the speaker picker (browser cannot route output, or no outputs known) */
  speakers: DeviceChoice[] | null;
}

/** Options for one picker; unlabeled devices (no permission yet) get numbered names. */
export function deviceChoices(devices: Iterable<DeviceLike>, selectedId: string | null | undefined, unnamed: string): DeviceChoice[] {
  const list = [...devices].filter((d) => d && typeof d.deviceId === 'string' && d.deviceId !== '');
  const ids = new Set(list.map((d) => d.deviceId));
  const selected = selectedId && ids.has(selectedId) ? selectedId : ids.has('default') ? 'default' : list[0]?.deviceId;
  return list.map((d, i) => ({
    id: d.deviceId,
    label: d.label?.trim() ? d.label.trim() : `${unnamed} ${i + 1}`,
    selected: d.deviceId === selected,
  }));
}

export function audioDeviceView(input: {
  inputs: Iterable<DeviceLike>;
  outputs: Iterable<DeviceLike>;
  inputId?: string | null;
  outputId?: string | null;
  outputSelectionSupported: boolean;
  unnamedInput?: string;
  unnamedOutput?: string;
}): AudioDeviceView {
  const microphones = deviceChoices(input.inputs, input.inputId, input.unnamedInput ?? 'Microphone');
  const speakers = input.outputSelectionSupported ? deviceChoices(input.outputs, input.outputId, input.unnamedOutput ?? 'Speaker') : [];
  return {
    microphones: microphones.length ? microphones : null,
    speakers: speakers.length ? speakers : null,
  };
}
