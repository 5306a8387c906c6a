#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file per fuzzing process that each input is written to, for the readers that only take a
/// path (model files, the personal model, `FileLineReader`): they are fuzzed through the same
/// `open` / `mmap` / `fread` calls a user's file goes through.
///
///     let path = ScratchFile.shared.replaceContents(with: bytes)   // same path, rewritten
///     _ = try? PersonalModel(path: path)
///
/// The file lives in `$TMPDIR` (or /tmp), is named after the process id, and is removed at exit.
public final class ScratchFile: @unchecked Sendable {
    /// The file of this process (one fuzzing run is one thread).
    public static let shared = ScratchFile()

    public let path: String

    private init() {
        var directory = "/tmp"
        if let variable = getenv("TMPDIR"), let value = String(validatingCString: variable), !value.isEmpty {
            directory = value
        }
        path = "\(directory)/quill-fuzz-\(getpid()).input"
        atexit { unlink(ScratchFile.shared.path) }
    }

    /// Replaces the file's content with `bytes` and returns its path. A failure to write is a bug
    /// of the fuzzing set-up, not of Quill, so it stops the run.
    @discardableResult
    public func replaceContents<Bytes: Collection<UInt8>>(with bytes: Bytes) -> String {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(descriptor >= 0, "cannot create the fuzzing scratch file \(path)")
        let contiguous = Array(bytes)
        var written = 0
        contiguous.withUnsafeBytes { raw in
            while written < raw.count {
                let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
                precondition(result > 0, "cannot write the fuzzing scratch file \(path)")
                written += result
            }
        }
        close(descriptor)
        return path
    }
}
