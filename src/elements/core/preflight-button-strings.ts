/**
 * The pre-call test's button (`<twilio-phone>`), apart from the test's other words
 * (quality-strings.ts): the phone shows it before the test's code is here, so it is eager.
 */
export const PREFLIGHT_BUTTON_STRINGS = {
  testConnection: 'Test connection',
  stopTest: 'Stop test',
};
