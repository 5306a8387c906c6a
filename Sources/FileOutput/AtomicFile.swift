#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears complete or not at all: model files, checkpoints, tool output.
///
/// Bytes go to a temporary file beside the destination (same directory, so the final rename is
/// atomic), named `.NAME.tmp-XXXXXX` for a destination `NAME`; `commit()` flushes them to disk,
/// renames the file over the destination and syncs the directory. Dropped without `commit()` (an
/// error, an interrupted run), the writer removes the temporary file and leaves the destination
/// untouched: a kill or a failure never leaves a truncated file behind.
///
/// Only SIGKILL (or a crash) leaves the temporary file behind, and the next writer of the same
/// destination removes it (``removeAbandonedTemporaries(in:name:)``): each writer holds an
/// exclusive `flock` on its temporary file until it has renamed or removed it, and the lock dies
/// with the process, so a temporary file nobody holds locked is abandoned, and a busy writer's is
/// kept.
///
///     let file = try AtomicFile(path: "out.jsonl")
///     try file.write("{...}\n")
///     try file.commit()
public final class AtomicFile {
    public let path: String
    /// Where the bytes go until `commit()`.
    public let temporaryPath: String
    private let directory: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false

    public init(path: String) throws(AtomicFileError) {
        self.path = path
        let (directory, name) = Self.split(path)
        self.directory = directory
        Self.removeAbandonedTemporaries(in: directory, name: name)
        (descriptor, temporaryPath) = try Self.createLockedTemporary(in: directory, name: name, for: path)
    }

    deinit {
        if !committed {
            unlink(temporaryPath)
            close(descriptor)   // (after the unlink: the lock keeps sweepers away until the file is gone)
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

    /// Writes `bytes` straight through (large payloads such as tensor data).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(AtomicFileError) {
        try flushBuffer()
        try writeFully(bytes)
    }

    /// Flushes everything to disk and moves the file into place.
    public func commit() throws(AtomicFileError) {
        precondition(!committed, "AtomicFile: committed twice")
        try flushBuffer()
        // On a failure, deinit removes the temporary file.
        guard fsync(descriptor) == 0 else { throw .writeFailed(path: path, reason: errnoDescription()) }
        guard rename(temporaryPath, path) == 0 else { throw .writeFailed(path: path, reason: errnoDescription()) }
        committed = true
        close(descriptor)   // (after the rename: the lock keeps sweepers away until the file is in place)
        // Make the rename itself durable; best effort (some file systems refuse a directory fsync).
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private func flushBuffer() throws(AtomicFileError) {
        guard !buffer.isEmpty else { return }
        var failure: AtomicFileError?
        buffer.withUnsafeBytes { bytes in
            do throws(AtomicFileError) { try writeFully(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(AtomicFileError) {
        precondition(!committed, "AtomicFile: write after commit")
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            #else
            let written = Darwin.write(descriptor, base + offset, bytes.count - offset)
            #endif
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .writeFailed(path: path, reason: errnoDescription()) }
            offset += written
        }
    }
}

public enum AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): "\(path): cannot create: \(reason)"
        case let .writeFailed(path, reason): "\(path): write failed: \(reason)"
        }
    }

    /// The system's reason alone ("No space left on device"), for a message that names the file
    /// its own way.
    public var reason: String {
        switch self {
        case let .cannotCreate(_, reason), let .writeFailed(_, reason): reason
        }
    }
}

/// `strerror(errno)` as a String ("No such file or directory"), for error messages.
public func errnoDescription() -> String {
    guard let text = strerror(errno) else { return "error \(errno)" }
    return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
}
