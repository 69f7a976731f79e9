/**
 * The sandbox's stand-in for Paywall's 3D step: the callback form Paywall posts after it, signed
 * with the sandbox's 3D hash key, bent by a callback fault, and the page that makes a browser
 * post it (Paywall's page is an auto-submitting form with id `paywall-callback-form`).
 */
import { ThreeDCallback } from "@paywall-effect/domain"
import { ThreeDCallbackVerifier } from "@paywall-effect/http"
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { randomUUID } from "node:crypto"
import { CallbackFault } from "../Fault.js"
import type { Payment } from "./masterpass.js"

/** The key a `WrongHash` fault signs with: never the sandbox's, which is random or chosen by the test. */
const forgersKey = Redacted.make("not-the-merchants-3d-hash-key")

/** Paywall's messages for a failed 3D step (Paywall's own text is not documented). */
const failure = { errorMessage: "3D doğrulaması başarısız", providerMessage: "Authentication failed" }

/** Builds signed callback forms for payments, in `zone`'s local time, amounts written by `amountFormat`. */
export const makeCallbacks = (options: {
  readonly hashKey: Redacted.Redacted<string>
  readonly amountFormat: ThreeDCallback.AmountFormat | undefined
  readonly zone: DateTime.TimeZone
}) => {
  const encode = Schema.encodeSync(ThreeDCallback.fromForm(options.zone))
  const sign = (hashKey: Redacted.Redacted<string>, signed: ThreeDCallback.Signed) =>
    ThreeDCallbackVerifier.sign(hashKey, signed, options.amountFormat)

  /** The form Paywall posts for `payment` with `status` at `now`, signed, then bent by `fault`. */
  const form = (
    payment: Payment,
    status: ThreeDCallback.Status,
    now: DateTime.Utc,
    fault: CallbackFault | undefined
  ): ThreeDCallback.Form => {
    const succeeded = status === "Success"
    const callback = new ThreeDCallback.ThreeDCallback({
      // Paywall writes local time without an offset.
      dateText: DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(now, { timeZone: options.zone })).slice(0, 19),
      date: now,
      status,
      errorCode: succeeded ? 0 : 1,
      errorMessage: succeeded ? "" : failure.errorMessage,
      ...(succeeded ? {} : { providerMessage: failure.providerMessage }),
      paymentCode: randomUUID(),
      merchantUniqueCode: payment.merchantUniqueCode,
      amount: payment.amount,
      installment: payment.installment,
      paymentId: payment.paymentId,
      cardSaved: false
    })
    const signed = encode(new ThreeDCallback.ThreeDCallback({ ...callback, hash: sign(options.hashKey, callback) }))
    return fault === undefined ? signed : bend(signed, fault, sign(forgersKey, callback))
  }
  return { form }
}

/** Replaces the first value of `field`, or adds it. */
const changed = (form: ThreeDCallback.Form, field: string, value: string): ThreeDCallback.Form => {
  const index = form.findIndex(([key]) => key === field)
  return index < 0
    ? [...form, [field, value]]
    : form.map((entry, at): readonly [string, string] => at === index ? [field, value] : entry)
}

/** `form` with `fault` applied; `forged` is the hash of the same inputs under another key. */
const bend = (form: ThreeDCallback.Form, fault: CallbackFault, forged: string): ThreeDCallback.Form =>
  CallbackFault.$match(fault, {
    WrongHash: () => changed(form, "hash", forged),
    Unsigned: () => form.filter(([key]) => key !== "hash"),
    Changed: ({ field, value }) => changed(form, field, value),
    Duplicated: ({ field, value }) => {
      const index = form.findIndex(([key]) => key === field)
      const again: readonly [string, string] = [field, value ?? form[index]?.[1] ?? ""]
      return index < 0 ? [...form, again] : [...form.slice(0, index + 1), again, ...form.slice(index + 1)]
    },
    Missing: ({ field }) => form.filter(([key]) => key !== field)
  })

/** Text safe inside a double-quoted HTML attribute. */
const attribute = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /'/g,
    "&#39;"
  )

/**
 * The page Paywall shows at the end of its 3D step, as its docs show it: a form with id
 * `paywall-callback-form` posting `form` to `action`, submitted as soon as it loads (a button
 * does it without JavaScript).
 */
export const page = (action: string, form: ThreeDCallback.Form): string =>
  [
    "<!DOCTYPE html>",
    "<html lang=\"en\">",
    "<head><meta charset=\"utf-8\"><title>3D Secure (Paywall sandbox)</title></head>",
    "<body>",
    `<form id="paywall-callback-form" action="${attribute(action)}" method="post">`,
    ...form.map(([name, value]) => `<input type="hidden" name="${attribute(name)}" value="${attribute(value)}">`),
    "<noscript><button type=\"submit\">Continue</button></noscript>",
    "</form>",
    "<script>document.getElementById(\"paywall-callback-form\").submit()</script>",
    "</body>",
    "</html>"
  ].join("\n")
