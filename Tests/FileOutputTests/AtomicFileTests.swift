import Foundation
import Testing
import FileOutput

@Suite struct AtomicFileTests {
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quill-atomic-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func committedWritesReplaceTheFileAndLeaveNoTemporary() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.txt").path
        try "old contents".write(toFile: path, atomically: false, encoding: .utf8)

        let file = try AtomicFile(path: path)
        try file.write(String(repeating: "x", count: 100_000))
        try file.write("\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old contents")   // untouched until commit
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8).count == 100_001)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
    }

    @Test func anAbandonedWriteLeavesTheOldFileAndNoTemporary() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.quill").path
        try "good".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let file = try AtomicFile(path: path)
            try file.write("half of a new fi")
        }   // dropped without commit, as when an error interrupts the writer
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "good")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.quill"])
    }

    /// A writer killed with SIGKILL leaves its temporary file (unlocked, its process gone): the
    /// next writer of the same file removes it, and nothing else.
    @Test func theNextWriterRemovesTheTemporaryFileAKilledWriterLeft() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let others = [".model.quill.tmp-short", ".model.quill.tmp-toolong1", ".other.quill.tmp-a81Xz2", "model.quill.tmp-a81Xz2"]
        for name in [".model.quill.tmp-a81Xz2", ".model.quill.tmp-000000"] + others {
            try "half a file".write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        let file = try AtomicFile(path: directory.appendingPathComponent("model.quill").path)
        try file.write("whole")
        try file.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == (["model.quill"] + others).sorted())
    }

    /// A writer at work holds a lock on its temporary file: another writer of the same file
    /// leaves it alone, and both commit (the last rename wins).
    @Test func aWriterAtWorkKeepsItsTemporaryFile() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.txt").path
        let first = try AtomicFile(path: path)
        try first.write("first")
        let second = try AtomicFile(path: path)
        #expect(FileManager.default.fileExists(atPath: first.temporaryPath))
        try second.write("second")
        try second.commit()
        try first.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
    }

    @Test func anUnwritableDirectoryIsAClearError() {
        #expect(throws: AtomicFileError.cannotCreate(path: "/nonexistent-dir/out.txt", reason: "No such file or directory")) {
            _ = try AtomicFile(path: "/nonexistent-dir/out.txt")
        }
    }

    @Test func outputLocationNamesWhyAFileCannotBeWritten() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file.txt").path
        try "x".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(OutputLocation.problem(writing: directory.appendingPathComponent("new.txt").path) == nil)
        #expect(OutputLocation.problem(writing: directory.path) == "it is a folder")
        #expect(OutputLocation.problem(writing: file + "/x") == "\(file) is not a folder")
        #expect(OutputLocation.problem(writing: directory.path + "/missing/x") == "the folder \(directory.path)/missing does not exist")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["file.txt"])   // the probe is gone
        #if os(Linux)
        // Writable by its permission bits (to root), but no file can be made there.
        #expect(OutputLocation.problem(writing: "/proc/out.txt")?.hasPrefix("cannot create a file in /proc: ") == true)
        #endif
    }
}
