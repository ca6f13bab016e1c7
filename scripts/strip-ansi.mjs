/** Terminal colour and cursor codes out of a runner's output, to read its counts or prefix its lines. */
// eslint-disable-next-line no-control-regex -- ESC is exactly what is matched here
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export const stripAnsi = (text) => String(text).replace(ANSI, '');
