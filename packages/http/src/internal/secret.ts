/**
 * The checks every secret read by a layer gets (credentials, the 3D hash key), and the wording of
 * their errors: one definition, so both read and fail alike.
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Redacted from "effect/Redacted"

/**
 * A secret must be visible ASCII only (0x21-0x7E), and non-empty. In a header that is all a value
 * carries unchanged: a control character would split the header, a space would never match on
 * Paywall's side, and a character outside ASCII (`€`, a zero-width space pasted with the key)
 * cannot be sent at all. In a hash key the same pasted blank or invisible character would make
 * every hash differ. Either way every use would fail: better refuse it at start-up.
 */
const isVisibleAscii = (value: string): boolean => /^[\x21-\x7e]+$/.test(value)

/** `config`, refused with a message naming `label` (never the value) unless visible ASCII. */
export const checked = (label: string) => (config: Config.Config<Redacted.Redacted<string>>) =>
  Config.validate(config, {
    message: `${label} must be non-empty visible ASCII (no spaces, control or non-ASCII characters)`,
    validation: (value) => isVisibleAscii(Redacted.value(value))
  })

/** A missing variable's error says so, by name (`Config.redacted` words it as `"<redacted>"`). */
export const sayNotSet = (error: ConfigError.ConfigError): ConfigError.ConfigError => {
  switch (error._op) {
    case "And":
      return ConfigError.And(sayNotSet(error.left), sayNotSet(error.right))
    case "Or":
      return ConfigError.Or(sayNotSet(error.left), sayNotSet(error.right))
    case "MissingData":
      return ConfigError.MissingData(error.path, `${error.path.join(".")} is not set`)
    default:
      return error
  }
}

/** A checked value whose errors carry `name` as their path. */
export const named = (name: string, config: Config.Config<Redacted.Redacted<string>>) =>
  Config.nested(checked(name)(config), name)
