/**
 * `{ [key]: value }` when Paywall sent a value, `{}` when it sent `null` or nothing: how an
 * optional wire field becomes an optional property under `exactOptionalPropertyTypes` (where
 * `undefined` is not a value an optional property may hold).
 */
export const present = <K extends string, V>(key: K, value: V | null | undefined): { readonly [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }
