import { defineElement } from '../../core/define.js';
import { DeviceStatus } from './device-status.js';

export { DeviceStatus };
defineElement('device-status', DeviceStatus);

declare global {
  interface HTMLElementTagNameMap {
    'device-status': DeviceStatus;
  }
}
