import CLISupport
import Foundation

/// Standard output, or a file written atomically (see `AtomicFile`).
final class OutputSink {
    private let file: AtomicFile?

    init(path: String?) throws {
        file = try path.map { try AtomicFile(path: $0) }
    }

    func write(_ text: String) throws {
        if let file {
            try file.write(text)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    func commit() throws {
        try file?.commit()
    }
}
