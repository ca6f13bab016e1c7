/**
 * The styles of `<twilio-phone>`'s call view (the dial form, the call's rows, meters and dialpad,
 * the device pickers, the hint's content; the fields, labels and coloured buttons only it and call
 * control, inside it, have): they come with its lazy chunk (twilio-phone-call-view.ts) and are added
 * to the shadow root before anything of it renders.
 */
import { css } from 'lit';

export const twilioPhoneCallViewStyles = css`
  input:focus-visible,
  select:focus-visible {
    outline: var(--_w-focus-width) solid var(--_w-focus);
    outline-offset: 2px;
  }
  .success {
    background: var(--_success);
    border-color: var(--_success);
    color: var(--_w-on-success);
  }
  .danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_w-on-danger);
  }
  /* A pressed toggle (Mute, Hold) stays neutral: a filled primary would read as "go". */
  button[aria-pressed='true'] {
    background: var(--_w-pressed);
    border-color: var(--_fg);
    box-shadow: inset 0 0 0 1px var(--_fg);
  }
  input,
  select {
    font: inherit;
    box-sizing: border-box;
    min-block-size: var(--_w-target);
    padding: 0.3rem 0.6rem;
    border-radius: var(--_w-radius);
    border: 1px solid var(--_border);
    background: var(--_w-field);
    color: inherit;
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9em;
    min-inline-size: 0;
  }
  /* The hint's live region is the element's (hidden until there is something to say); its content is the view's. */
  [part='hint'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_w-space);
    align-items: center;
    font-size: 0.9em;
  }
  [part='hint'][hidden] {
    display: none;
  }
  /* The field and Call share a baseline: Call sits beside the field, not beside its label. */
  form.row {
    align-items: end;
  }
  form.row > label {
    flex: 1 1 14rem;
  }
  form.row > label input {
    inline-size: 100%;
  }
  [part='dialpad'] {
    display: grid;
    grid-template-columns: repeat(3, minmax(var(--_w-target), 4.5rem));
    gap: 0.4rem;
  }
  [part~='key'] {
    font-variant-numeric: tabular-nums;
    font-size: 1.1em;
    padding: 0.4rem;
  }
  [part='timer'] {
    font-variant-numeric: tabular-nums;
  }
  [part='meters'] label {
    flex: 1 1 8rem;
  }
  meter {
    inline-size: 100%;
    block-size: 0.75rem;
  }
  .field-error {
    flex-basis: 100%;
    color: var(--_danger);
    font-size: 0.85em;
    min-block-size: 1.2em;
  }
  [part='banner'] {
    padding: 0.4rem 0.6rem;
    border-radius: var(--_w-radius);
    background: color-mix(in srgb, var(--_accent) 15%, transparent);
  }
  /* Reserved while the browser lists its devices, so the pickers appearing move nothing. */
  [part='devices'] {
    min-block-size: calc(var(--_w-target) + 1.5em);
    align-items: end;
  }
  /* Stand-ins while the browser lists its devices: they take the pickers' room, unseen and unfocusable. */
  [part='devices'].reserved {
    visibility: hidden;
  }
  [part='devices'] label {
    flex: 1 1 10rem;
  }
  [part='devices'] select {
    inline-size: 100%;
  }
`;
