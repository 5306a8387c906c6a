import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast version of Scripts/kill-anywhere.sh (issue 7): a tiny `textgen train` killed with
/// SIGKILL three times, each time just after a new checkpoint, and resumed to its end equals the
/// uninterrupted run and leaves no temporary file.
@Suite struct KillAnywhereTests {
    static let arguments = ["train", "--corpus", "../play.txt", "--cell", "gru", "--layers", "1", "--hidden", "32",
                            "--embedding", "8", "--seq-length", "10", "--batch", "4", "--epochs", "2", "--dropout", "0.1",
                            "--seed", "4", "--threads", "1", "--patience", "0", "--checkpoint-every", "1", "--out", "run.quill"]

    /// The safetensors header's metadata and the data bytes of a model file.
    static func parts(of path: URL) throws -> (metadata: [String: String], data: Data) {
        let bytes = try Data(contentsOf: path)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any])
        return (try #require(header["__metadata__"] as? [String: String]), bytes.subdata(in: (8 + length)..<bytes.count))
    }

    static func logWithoutSeconds(_ path: URL) throws -> [String] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
        }
    }

    static func inode(_ path: URL) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path.path))?[.systemFileNumber] as? Int
    }

    @Test func killedThreeTimesAndResumedEqualsOneRun() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quill-kill-\(UUID())")
        let whole = root.appendingPathComponent("whole"), killed = root.appendingPathComponent("killed")
        for directory in [whole, killed] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        let lines = ["ROMEO: what light through yonder window breaks?\n", "JULIET: ay me!\n", "ROMEO: she speaks.\n"]
        try Data((0..<200).map { lines[($0 * 7 + $0 / 3) % 3] }.joined().utf8).write(to: root.appendingPathComponent("play.txt"))

        let reference = try ToolRunner.run("textgen", Self.arguments, in: whole)
        #expect(reference.status == 0, "\(reference.standardError)")

        let checkpoint = killed.appendingPathComponent("run.checkpoint.quill")
        for round in 0..<3 {
            let process = Process()
            process.executableURL = ToolRunner.productsDirectory.appendingPathComponent("textgen")
            process.arguments = Self.arguments + (round == 0 ? [] : ["--resume", "run.checkpoint.quill"])
            process.currentDirectoryURL = killed
            process.standardError = FileHandle.nullDevice
            let before = Self.inode(checkpoint)
            try process.run()
            // A new checkpoint (a new file renamed into place), then a few milliseconds more.
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline, Self.inode(checkpoint) == before { usleep(200) }
            usleep(UInt32(round * 4000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "kill \(round + 1): the run ended before it")
        }
        let resumed = try ToolRunner.run("textgen", Self.arguments + ["--resume", "run.checkpoint.quill"], in: killed)
        #expect(resumed.status == 0 && resumed.standardError.hasPrefix("resuming"), "\(resumed.standardError)")

        let a = try Self.parts(of: whole.appendingPathComponent("run.quill"))
        let b = try Self.parts(of: killed.appendingPathComponent("run.quill"))
        #expect(a.data == b.data)
        #expect(a.metadata.filter { $0.key != "command" } == b.metadata.filter { $0.key != "command" })
        #expect(try Self.logWithoutSeconds(whole.appendingPathComponent("run.log.csv"))
                == Self.logWithoutSeconds(killed.appendingPathComponent("run.log.csv")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: killed.path).filter { $0.hasPrefix(".") } == [])
    }
}
