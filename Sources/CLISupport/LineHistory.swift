/// The lines entered so far, walked with the Up and Down arrows as a shell does. The line being
/// typed when Up is first pressed is kept, and Down past the newest entry brings it back.
///
///     var history = LineHistory()
///     history.add("hello")
///     history.previous(current: "he")   // "hello"
///     history.next(current: "hello")    // "he"
public struct LineHistory: Sendable {
    /// The entries, oldest first; at most ``capacity``.
    public private(set) var entries: [String] = []
    public let capacity: Int
    /// The entry shown, or `entries.count` for the line being typed.
    private var position = 0
    private var draft = ""

    public init(capacity: Int = 1000) {
        self.capacity = max(capacity, 1)
    }

    /// Adds a finished line (not an empty one, nor a repeat of the newest) and goes back to a
    /// new line.
    public mutating func add(_ line: String) {
        if !line.isEmpty && line != entries.last {
            entries.append(line)
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        position = entries.count
        draft = ""
    }

    /// The entry before the one shown (Up), or nil at the oldest; `current` is the line on screen,
    /// kept when it is the one being typed.
    public mutating func previous(current: String) -> String? {
        guard position > 0 else { return nil }
        if position >= entries.count { draft = current }
        position -= 1
        return entries[position]
    }

    /// The entry after the one shown (Down), the line being typed after the newest, or nil when
    /// that line is already shown.
    public mutating func next(current: String) -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? draft : entries[position]
    }
}
