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
    /// process's environment. Standard input is `input`, or the file `inputFile`; standard output
    /// is captured, or goes to the file `outputFile` (then `standardOutput` is empty). After
    /// `timeout` seconds the tool is terminated (its status is then SIGTERM's 15).
    static func run(_ tool: String, _ arguments: [String], input: String? = nil, inputFile: URL? = nil,
                    outputFile: URL? = nil, in directory: URL? = nil, environment: [String: String] = [:],
                    timeout: Double? = nil) throws -> Result {
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
        process.standardOutput = try outputFile.map { try FileHandle(forWritingTo: $0) } ?? output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = try inputFile.map { try FileHandle(forReadingFrom: $0) } ?? stdin
        try process.run()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning { process.terminate() }
            }
        }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = outputFile == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        let errData = try Data(contentsOf: errorFile)
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }
}
