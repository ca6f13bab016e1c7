import { defineElement } from '../define-element.js';
import { DeviceStatus } from './device-status.js';

export { DeviceStatus };
export { DEVICE_STATUS_STRINGS, type DeviceStatusStrings } from './device-status.js';
defineElement('device-status', DeviceStatus);

declare global {
  interface HTMLElementTagNameMap {
    'device-status': DeviceStatus;
  }
}
