/// A forward-only source of text lines, the input of every reader in this module.
///
/// Conventions every conforming type follows:
/// - Lines are returned without their terminator. `\n` ends a line; one `\r` directly before it
///   (Windows `\r\n`) is removed too. A last line without a terminator is still a line; a file that
///   ends with `\n` has no extra empty line after it.
/// - A UTF-8 byte order mark at the very start of the input is dropped.
/// - After the end, ``nextLine()`` keeps returning `nil`.
/// - Line numbers (as readers count them) are 1-based and count every line, blank and comment
///   lines included, so they match what an editor shows.
public protocol LineSource {
    /// The name used in error messages: a file path as given, or a label such as `<stdin>`.
    var name: String { get }

    /// Returns the next line, or `nil` at the end of the input.
    ///
    /// - Throws: ``DataFormatError`` for input that is not valid UTF-8 or cannot be read.
    mutating func nextLine() throws -> String?
}

/// A ``LineSource`` over a string already in memory (tests, small inputs, text from elsewhere).
public struct StringLineSource: LineSource {
    public let name: String
    private var lines: [String]
    private var position = 0

    /// Splits `text` into lines following the ``LineSource`` conventions.
    /// - Parameter name: The label used in error messages.
    public init(_ text: String, name: String = "<string>") {
        self.name = name
        var utf8 = text.utf8[...]
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) {
            utf8 = utf8.dropFirst(3)  // byte order mark
        }
        var pieces = utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true {
            pieces.removeLast()  // text ended with "\n" (or was empty): no line after it
        }
        var lines: [String] = []
        lines.reserveCapacity(pieces.count)
        for piece in pieces {
            let withoutCarriageReturn = piece.last == UInt8(ascii: "\r") ? piece.dropLast() : piece
            lines.append(String(decoding: withoutCarriageReturn, as: UTF8.self))
        }
        self.lines = lines
    }

    /// Lines given one by one (each without its terminator; they are returned unchanged).
    public init(lines: [String], name: String = "<lines>") {
        self.name = name
        self.lines = lines
    }

    public mutating func nextLine() -> String? {
        guard position < lines.count else { return nil }
        defer { position += 1 }
        return lines[position]
    }
}
