import { Option, Tracer } from "effect"

/** A span as the recording tracer keeps it. */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ name: string; attributes: Record<string, unknown> | undefined }>
}

/**
 * A tracer that keeps every span it starts (name, attributes, events), for tests that read what traces would
 * show: the pipeline's spans and the platform's, checked for names, attributes and the absence of secrets.
 */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let ids = 0
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind) {
      const recorded: RecordedSpan = { name, attributes: new Map(), events: [] }
      spans.push(recorded)
      const spanId = `span-${++ids}`
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: Option.match(parent, { onNone: () => spanId, onSome: (p) => p.traceId }),
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: recorded.attributes,
        links,
        sampled: true,
        kind,
        end: () => undefined,
        attribute: (key, value) => void recorded.attributes.set(key, value),
        event: (name, _startTime, attributes) => void recorded.events.push({ name, attributes }),
        addLinks: () => undefined
      }
      return span
    },
    context: (f) => f()
  })
  return { spans, tracer }
}
