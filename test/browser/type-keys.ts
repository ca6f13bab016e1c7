// Typing for the TOTP suites that also holds in WebKit: WebKitGTK's WebDriver drops a
// character that repeats the previous one within one `type` action ('112233' arrives as
// '123'), so each character is its own action. TOTP codes repeat digits often.
import { sendKeys } from '@web/test-runner-commands';

export async function typeKeys(text: string): Promise<void> {
  for (const ch of text) await sendKeys({ type: ch });
}
