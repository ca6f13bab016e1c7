// Injected into every conformance bundle: the Node globals the specs and the
// SDK's test helpers expect in the page.
import process from 'process/browser.js';
import { Buffer } from 'buffer';

export { process, Buffer };
