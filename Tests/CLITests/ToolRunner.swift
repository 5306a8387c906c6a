import Foundation
import _TestSupport

/// Runs a built executable of this package and captures what it prints.
struct ToolRunner {
    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The folder holding the built products (where the test bundle itself is).
    static let productsDirectory: URL = {
        for candidate in [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()] {
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("tokenize").path) {
                return candidate
            }
        }
        return SharedData.repositoryRoot.appendingPathComponent(".build/debug")
    }()

    /// Runs `tool`; `environment` entries are added to (or, with an empty value, removed from) this
    /// process's environment.
    static func run(_ tool: String, _ arguments: [String], input: String? = nil,
                    in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value.isEmpty ? nil : value }
            process.environment = merged
        }
        if let directory { process.currentDirectoryURL = directory }
        // Standard error goes to a file, so that reading standard output to its end cannot
        // deadlock against a tool blocked on a full error pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("quill-stderr-\(UUID())")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = try Data(contentsOf: errorFile)
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }
}
