import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of ``AtomicFile``: `.NAME.tmp-XXXXXX` beside `NAME`, created and locked by
/// their writer, and removed by the next writer when a kill left them behind.
extension AtomicFile {
    /// The folder ("." for a bare name, "/" at the root) and the file name of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Whether `entry` is a temporary file of the destination `name`: `.NAME.tmp-` and the six
    /// letters or digits `mkstemp` puts in place of `XXXXXX`.
    static func isTemporary(_ entry: String, of name: String) -> Bool {
        let prefix = "." + name + ".tmp-"
        guard entry.hasPrefix(prefix) else { return false }
        let suffix = entry.utf8.dropFirst(prefix.utf8.count)
        return suffix.count == 6 && suffix.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// Removes the temporary files that writers of `directory/name` killed before their commit
    /// left behind: every `.NAME.tmp-XXXXXX` there that no live writer holds locked.
    static func removeAbandonedTemporaries(in directory: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where isTemporary(entry, of: name) {
            let temporary = directory + "/" + entry
            let fd = open(temporary, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            // Locked: a writer is at work. A failure other than "locked" (a file system without
            // flock): we cannot tell, so the file stays.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            // Remove it only if the name still means the file we hold (not a new writer's file
            // created under the same name since we opened it).
            var held = stat(), named = stat()
            guard fstat(fd, &held) == 0, lstat(temporary, &named) == 0,
                  held.st_dev == named.st_dev, held.st_ino == named.st_ino else { continue }
            unlink(temporary)
        }
    }

    /// Creates `.NAME.tmp-XXXXXX` in `directory` (mode 0644) and locks it. A sweeper may have
    /// removed the new file before the lock was taken (it was not locked yet); then another is made.
    static func createLockedTemporary(in directory: String, name: String,
                                      for path: String) throws(AtomicFileError) -> (descriptor: Int32, path: String) {
        while true {
            var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
                guard let base = buffer.baseAddress else { return -1 }
                return mkstemp(base)
            }
            guard fd >= 0 else { throw .cannotCreate(path: path, reason: errnoDescription()) }
            let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // Where flock is unsupported the file goes unlocked; sweepers cannot lock it either,
            // so they leave it alone.
            _ = flock(fd, LOCK_EX)
            var status = stat()
            if fstat(fd, &status) == 0 && status.st_nlink == 0 {
                close(fd)
                continue
            }
            fchmod(fd, 0o644)
            return (fd, temporary)
        }
    }
}
