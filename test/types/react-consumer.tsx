// React 19 users get typed JSX for the three elements by opting in to
// 'twilio-widgets/react'. Compiled with `tsc --noEmit` in `npm test`; the
// lines marked as expected errors must stay errors.
import type {} from 'twilio-widgets/react';
import type { PhoneState } from 'twilio-widgets';

export function Softphone({ onState }: { onState: (s: PhoneState) => void }) {
  return (
    <div>
      <twilio-phone
        id="phone"
        tokenUrl="/token"
        autostart
        registerTimeout={10000}
        strings={{ ready: 'Online' }}
        ontwilio-phone-state-change={(e) => onState(e.detail.state)}
        ontwilio-phone-incoming={(e) => e.detail.from.startsWith('client:') || e.preventDefault()}
        ontwilio-phone-call-quality={(e) => console.log(e.detail.level, e.detail.mos)}
        ontwilio-phone-preflight={(e) => console.log(e.detail.callQuality, e.detail.networkTiming)}
        ontwilio-phone-preflight-failed={(e) => console.log(e.detail.reason)}
      >
        <device-status for="phone" strings={{ offline: 'Reconnecting' }} />
      </twilio-phone>
      <totp-verify verifyUrl="/verify" codeLength={6} ontotp-verify-result={(e) => console.log(e.detail.outcome)} />
      <totp-verify name="code" required autosubmit />
      <totp-enroll verifyUrl="/verify" identity="alice" ontotp-enroll-verified={(e) => console.log(e.detail.factorSid)} />
      {/* @ts-expect-error the created event has no secret */}
      <totp-enroll ontotp-enroll-created={(e) => e.detail.secret} />
      <twilio-phone tokenUrl="/token" singleTab notify backgroundPolicy={{ hiddenMs: 30000 }} strings={{ standby: 'Elsewhere', takeOver: 'Use here' }} />
      {/* @ts-expect-error backgroundPolicy takes ms numbers */}
      <twilio-phone backgroundPolicy={{ gapMs: 'long' }} />
      <twilio-phone
        callControlUrl="/call-control"
        ontwilio-phone-call-control={(e) => console.log(e.detail.action, e.detail.outcome, e.detail.error?.code)}
        ontwilio-phone-participants-change={(e) => console.log(e.detail.participants.map((p) => p.label))}
      />
      {/* @ts-expect-error a participants change has no outcome */}
      <twilio-phone ontwilio-phone-participants-change={(e) => e.detail.outcome} />
      {/* @ts-expect-error registerTimeout is a number */}
      <twilio-phone registerTimeout="soon" />
      {/* @ts-expect-error state is read-only on the phone, not a prop */}
      <twilio-phone state="ready" />
      {/* @ts-expect-error a preflight report has no `outcome` */}
      <twilio-phone ontwilio-phone-preflight={(e) => e.detail.outcome} />
      {/* @ts-expect-error the detail of a state change has no `outcome` */}
      <twilio-phone ontwilio-phone-state-change={(e) => e.detail.outcome} />
    </div>
  );
}
