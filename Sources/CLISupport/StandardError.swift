#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to the standard error stream, unbuffered.
public enum StandardError {
    public static func print(_ message: String) {
        write(message + "\n")
    }

    public static func write(_ text: String) {
        writeAll(text, to: 2)
    }

    /// Whether standard error is a terminal (progress bars redraw in place only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
