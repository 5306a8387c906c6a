#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FileOutput

/// A `TextOutputStream` into a file (or standard output), buffered 64 KiB at a time, for writing
/// annotated output of any size.
///
/// `TextOutputStream.write` cannot throw, so the first write failure is remembered and thrown by
/// the next ``flush()`` or ``close()``; call ``close()`` (or at least ``flush()``) at the end.
/// Deallocation flushes and closes quietly, dropping any error.
///
/// Standard output obtained with ``standardOutput(name:)`` is a separate C stream from the one
/// Swift's `print` uses: do not mix the two without flushing.
public final class BufferedFileWriter: TextOutputStream {
    public let name: String
    private var file: UnsafeMutablePointer<FILE>?
    private let closesFile: Bool
    private var buffer: [UInt8] = []
    private var firstError: DataFormatError?
    private static let capacity = 1 << 16

    /// Creates (or truncates) the file at `path`.
    /// - Throws: ``DataFormatError`` if the file cannot be opened for writing.
    public init(path: String) throws {
        guard let file = fopen(path, "wb") else {
            throw DataFormatError(
                file: path, line: nil, problem: "cannot open for writing: \(errnoDescription())")
        }
        self.name = path
        self.file = file
        self.closesFile = true
        buffer.reserveCapacity(Self.capacity)
    }

    private init(file: UnsafeMutablePointer<FILE>, name: String) {
        self.name = name
        self.file = file
        self.closesFile = false
        buffer.reserveCapacity(Self.capacity)
    }

    /// A writer to standard output (file descriptor 1), which ``close()`` flushes but leaves open.
    public static func standardOutput(name: String = "<stdout>") throws -> BufferedFileWriter {
        guard let file = fdopen(1, "wb") else {
            throw DataFormatError(
                file: name, line: nil, problem: "cannot write standard output: \(errnoDescription())")
        }
        return BufferedFileWriter(file: file, name: name)
    }

    deinit {
        try? close()
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= Self.capacity {
            writeBuffer()
        }
    }

    /// Writes everything buffered to the operating system.
    /// - Throws: ``DataFormatError`` for the first write failure since the writer was created.
    public func flush() throws {
        writeBuffer()
        if let file, fflush(file) != 0 {
            record("write error: \(errnoDescription())")
        }
        if let firstError { throw firstError }
    }

    /// Flushes and closes the file; later writes fail.
    /// - Throws: ``DataFormatError`` for the first write or close failure.
    public func close() throws {
        writeBuffer()
        if let file {
            if closesFile {
                if fclose(file) != 0 { record("close error: \(errnoDescription())") }
            } else if fflush(file) != 0 {
                record("write error: \(errnoDescription())")
            }
            self.file = nil
        }
        if let firstError { throw firstError }
    }

    private func writeBuffer() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let file else {
            record("write after close")
            return
        }
        let written = buffer.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return fwrite(base, 1, raw.count, file)
        }
        if written != buffer.count {
            record("write error: \(errnoDescription())")
        }
    }

    private func record(_ problem: String) {
        if firstError == nil {
            firstError = DataFormatError(file: name, line: nil, problem: problem)
        }
    }
}
