import Foundation
import Testing
import _TestSupport

@Suite struct TokenizeCommandTests {
    static func scratch(_ files: [String: [UInt8]]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        return directory
    }

    @Test func wordsComeOutOneALine() throws {
        let result = try ToolRunner.run("tokenize", ["-"], input: "Don't panic: 42 🐳!\n")
        #expect(result.status == 0)
        #expect(result.standardOutput == "Don't\npanic\n:\n42\n🐳\n!\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func jsonLinesCarryKindsAndOffsetsIntoTheInput() throws {
        let result = try ToolRunner.run("tokenize", ["-", "--format", "jsonl"], input: "né 🐳\nx")
        #expect(result.standardOutput == """
            {"text":"né","kind":"word","start":0,"end":2,"byte_start":0,"byte_end":3,"space_after":true}
            {"text":"🐳","kind":"emoji","start":3,"end":4,"byte_start":4,"byte_end":8,"space_after":true}
            {"text":"x","kind":"word","start":5,"end":6,"byte_start":9,"byte_end":10,"space_after":false}

            """)
    }

    @Test func normalizingAndFoldingChangeOnlyThePrintedText() throws {
        let result = try ToolRunner.run("tokenize", ["-", "--format", "tsv", "--normalize", "nfc", "--case-fold"],
                                        input: "Cafe\u{301} STRASSE")
        #expect(result.standardOutput == "café\tword\t0\t6\nstrasse\tword\t7\t14\n")
    }

    @Test func aSampleFileRoundTripsThroughTSVOffsets() throws {
        let sample = SharedData.repositoryRoot.appendingPathComponent("Corpora/samples/multilingual.txt")
        let bytes = try Data(contentsOf: sample)
        let result = try ToolRunner.run("tokenize", [sample.path, "--format", "tsv", "--keep-whitespace"])
        #expect(result.status == 0)
        var rebuilt = Data()
        for line in result.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            rebuilt += bytes[Int(fields[2])!..<Int(fields[3])!]
        }
        #expect(rebuilt == bytes)
    }

    @Test func badInputExitsOneWithTheFileLineAndByte() throws {
        let directory = try Self.scratch(["bad.txt": Array("fine\nbad \u{FF}".utf8.dropLast(2)) + [0xFF]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ToolRunner.run("tokenize", ["bad.txt"], in: directory)
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: bad.txt:2: invalid UTF-8 at byte 9 (0xFF)"))

        let lenient = try ToolRunner.run("tokenize", ["bad.txt", "--lenient"], in: directory)
        #expect(lenient.status == 0)
        #expect(lenient.standardOutput == "fine\nbad\n\u{FFFD}\n")
        #expect(lenient.standardError.contains("replaced 1 invalid UTF-8 sequence"))
    }

    @Test func missingFilesAndDirectoriesAreNamed() throws {
        let missing = try ToolRunner.run("tokenize", ["/nonexistent/file.txt"])
        #expect(missing.status == 1)
        #expect(missing.standardError == "error: /nonexistent/file.txt: cannot open: No such file or directory\n")
        let directory = try ToolRunner.run("tokenize", ["/tmp"])
        #expect(directory.status == 1)
        #expect(directory.standardError == "error: /tmp: is a directory, not a text file\n")
    }

    @Test func badUsageExitsTwo() throws {
        let result = try ToolRunner.run("tokenize", ["--unit", "paragraph"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("'paragraph' is invalid for '--unit <unit>'"))
        let help = try ToolRunner.run("tokenize", ["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--unit <unit>"))
    }

    @Test func emptyInputGivesEmptyOutput() throws {
        let result = try ToolRunner.run("tokenize", ["-"], input: "")
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func outputFileIsWrittenWholeAndAFailedRunLeavesNone() throws {
        let directory = try Self.scratch(["in.txt": Array("one two\n".utf8), "bad.txt": [0x61, 0xFF]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try ToolRunner.run("tokenize", ["in.txt", "-o", "out.txt"], in: directory)
        #expect(ok.status == 0)
        #expect(try String(contentsOf: directory.appendingPathComponent("out.txt"), encoding: .utf8) == "one\ntwo\n")

        let failed = try ToolRunner.run("tokenize", ["in.txt", "bad.txt", "-o", "failed.txt"], in: directory)
        #expect(failed.status == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == ["bad.txt", "in.txt", "out.txt"])
    }
}
