// An endpoint's answer as the Node tests read it: the JSON when the body is JSON, else
// undefined (attacks get all sorts of answers, and a test asserts on what it expected).

/** `text` parsed, or undefined when it is not JSON. */
export function jsonOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fetch Response, read once: {status, headers, json (undefined when not JSON), text}. */
export async function readAnswer(r) {
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: jsonOrUndefined(text), text };
}
