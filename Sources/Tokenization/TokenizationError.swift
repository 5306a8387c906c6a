/// Why text could not be read or tokenized. Each description names the file and the problem.
public enum TokenizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ICU refused an operation (`code` is ICU's error name).
    case icuFailure(String, code: String)
    case cannotOpen(path: String, reason: String)
    case isDirectory(path: String)
    case readFailed(path: String, reason: String)
    /// The bytes at `byteOffset` (0-based, in the whole input; `line` is 1-based) are not UTF-8.
    case invalidUTF8(path: String, byteOffset: Int, line: Int, bytes: [UInt8])

    public var description: String {
        switch self {
        case let .icuFailure(operation, code):
            "ICU failed \(operation): \(code)"
        case let .cannotOpen(path, reason):
            "\(path): cannot open: \(reason)"
        case let .isDirectory(path):
            "\(path): is a directory, not a text file"
        case let .readFailed(path, reason):
            "\(path): read failed: \(reason)"
        case let .invalidUTF8(path, byteOffset, line, bytes):
            "\(path):\(line): invalid UTF-8 at byte \(byteOffset) ("
                + bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                + "); the file is not UTF-8 text (decode it leniently to replace bad bytes with U+FFFD)"
        }
    }
}
