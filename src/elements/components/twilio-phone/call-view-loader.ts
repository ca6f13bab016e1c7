/**
 * Loads `<twilio-phone>`'s call view chunk (call-view-feature.ts) once per page: the boot module asks
 * for it with the SDK chunk once the token URL says yes (boot.ts), and the element awaits it with
 * the SDK (twilio-phone-call-view-ui.ts), so a page whose elements arrive after the token still
 * finds it on its way. No Lit here: the boot module imports this.
 */
import type * as CallViewModule from './call-view-feature.js';
import { loadOnce } from '../../controllers/load-once.js';

export const loadCallView: () => Promise<typeof CallViewModule> = loadOnce(() => import('./call-view-feature.js'));
