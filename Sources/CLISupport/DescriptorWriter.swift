/// Writes text to a file descriptor unbuffered, all of it (short writes are retried), ignoring a
/// reader that went away (a terminal that closed). ``StandardError`` is this for descriptor 2.
///
///     let screen = DescriptorWriter(descriptor: 1)
///     screen.write("\r\u{1B}[K> ")
public struct DescriptorWriter: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func write(_ text: String) {
        writeAll(text, to: descriptor)
    }
}
