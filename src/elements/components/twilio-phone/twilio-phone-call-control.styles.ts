/** The call-control section's styles: in its lazy chunk, added to the shadow root when it arrives (dom/add-styles.ts). */
import { css } from 'lit';

export const twilioPhoneCallControlStyles = css`
  [part='call-control'] {
    display: grid;
    gap: 0.5rem;
  }
  [part='transfer-mode'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    padding: 0.3rem 0.6rem;
    margin: 0;
  }
  label.choice {
    display: flex;
    gap: 0.3rem;
    align-items: center;
  }
  label.choice input {
    min-block-size: auto;
  }
  [part='call-control-error'] {
    color: var(--_danger);
  }
  [part='participants'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.3rem;
  }
  [part='participant'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  [part='participant-role'],
  [part='participant-mark'] {
    font-size: 0.85em;
    opacity: 0.8;
  }
  [part='participant-mark'] {
    padding: 0 0.4rem;
    border: 1px solid var(--_border);
    border-radius: 0.4rem;
  }
  [part='waiting'] {
    padding: 0.4rem 0.6rem;
    border-radius: 0.4rem;
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
`;
