/// A tag that does not fit the expected tag scheme, at a 0-based token index.
/// ``description``: `tag 'X-PER' of token 4 is neither O nor a B-, I-, E- or S- prefix…`.
public struct InvalidTagError: Error, Equatable, Sendable, CustomStringConvertible {
    public var tag: String
    /// 0-based token index.
    public var index: Int
    public var problem: String

    public init(tag: String, index: Int, problem: String) {
        self.tag = tag
        self.index = index
        self.problem = problem
    }

    public var description: String { "tag '\(tag)' of token \(index + 1) \(problem)" }
}
