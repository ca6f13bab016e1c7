/**
 * Constraint validation of a TOTP code field, the way a native
 * `<input required pattern="\d{6}">` judges it: DOM-free, so it is table-tested.
 */

/** The `ValidityStateFlags` a code sets; empty when the code is valid. */
export interface CodeValidityFlags {
  valueMissing?: true;
  patternMismatch?: true;
}

/**
 * `required` and empty: valueMissing. Any digits but not all of them:
 * patternMismatch (like `pattern`, a partial code is never valid). An empty,
 * optional field is valid, as a native input is.
 */
export function codeValidity(value: string, length: number, required: boolean): CodeValidityFlags {
  if (!value) return required ? { valueMissing: true } : {};
  return value.length === length && /^\d+$/.test(value) ? {} : { patternMismatch: true };
}
