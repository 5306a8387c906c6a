/// Spans that cannot be written as one tag sequence: overlapping, empty, or outside the sentence.
public struct InvalidSpanError: Error, Equatable, Sendable, CustomStringConvertible {
    public var span: EntitySpan
    public var problem: String

    public init(span: EntitySpan, problem: String) {
        self.span = span
        self.problem = problem
    }

    public var description: String { "span \(span) \(problem)" }
}
