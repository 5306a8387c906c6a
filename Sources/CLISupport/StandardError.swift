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
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Whether standard error is a terminal (progress bars redraw in place only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
