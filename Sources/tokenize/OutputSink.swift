import FileOutput
import Foundation

/// Standard output, or a file written atomically (see `AtomicFile`). Bytes are buffered and written
/// in large pieces.
final class OutputSink {
    private let file: AtomicFile?
    var buffer: [UInt8] = []

    init(path: String?) throws {
        file = try path.map { try AtomicFile(path: $0) }
        buffer.reserveCapacity(1 << 17)
    }

    /// Writes the buffer out once it holds 64 KiB or more (or always, with `force`).
    func flush(force: Bool = false) throws {
        guard buffer.count >= 1 << 16 || (force && !buffer.isEmpty) else { return }
        if let file {
            try file.write(buffer)
        } else {
            try FileHandle.standardOutput.write(contentsOf: buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush(force: true)
        try file?.commit()
    }
}
