#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears complete or not at all.
///
/// Bytes go to a temporary file beside the destination (same directory, so the final rename is
/// atomic); `commit()` flushes them to disk and renames the file over the destination. If the
/// writer is dropped without `commit()` (an error, Ctrl-C handled by the caller), the temporary
/// file is removed and the destination is untouched: an interrupted write never leaves a
/// truncated file behind.
///
///     let file = try AtomicFile(path: "out.jsonl")
///     try file.write("{...}\n")
///     try file.commit()
public final class AtomicFile {
    public let path: String
    let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false

    public init(path: String) throws(AtomicFileError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotCreate(path: path, reason: errnoDescription()) }
        descriptor = fd
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o644)
    }

    deinit {
        if !committed {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    public func write(_ text: String) throws(AtomicFileError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    public func write(_ bytes: [UInt8]) throws(AtomicFileError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    /// Flushes everything to disk and moves the file into place.
    public func commit() throws(AtomicFileError) {
        try flushBuffer()
        guard fsync(descriptor) == 0 else { throw .writeFailed(path: path, reason: errnoDescription()) }
        close(descriptor)
        committed = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = errnoDescription()
            unlink(temporaryPath)
            throw .writeFailed(path: path, reason: reason)
        }
    }

    private func flushBuffer() throws(AtomicFileError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .writeFailed(path: path, reason: errnoDescription()) }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

public enum AtomicFileError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): "\(path): cannot create: \(reason)"
        case let .writeFailed(path, reason): "\(path): write failed: \(reason)"
        }
    }
}
