import { DeviceStatus } from './device-status.js';

export { DeviceStatus };
export { DEVICE_STATUS_STRINGS, type DeviceStatusStrings } from './device-status.js';
DeviceStatus.define();
