import Foundation
import Testing

@testable import SequenceTagging

@Suite struct LineSourceTests {
    private func allLines(_ source: some LineSource) throws -> [String] {
        var source = source
        var lines: [String] = []
        while let line = try source.nextLine() {
            lines.append(line)
        }
        #expect(try source.nextLine() == nil)  // stays at the end
        return lines
    }

    @Test func stringSourceSplitsLinesLikeAFile() throws {
        #expect(try allLines(StringLineSource("a\nb\n")) == ["a", "b"])
        #expect(try allLines(StringLineSource("a\nb")) == ["a", "b"])  // last line without "\n"
        #expect(try allLines(StringLineSource("a\r\nb\r\n")) == ["a", "b"])  // CRLF
        #expect(try allLines(StringLineSource("a\n\n\tb\n")) == ["a", "", "\tb"])
        #expect(try allLines(StringLineSource("")) == [])
        #expect(try allLines(StringLineSource("\n")) == [""])
        #expect(try allLines(StringLineSource("\u{FEFF}a\nb")) == ["a", "b"])  // byte order mark dropped
        #expect(try allLines(StringLineSource(lines: ["x", "", "y"])) == ["x", "", "y"])
    }

    @Test func fileReaderHandlesLineEndingsAndTheLastLine() throws {
        let file = try TemporaryFile(bytes: [0xEF, 0xBB, 0xBF] + Array("one\r\ntwo\n\nthree".utf8))
        defer { file.remove() }
        #expect(try allLines(FileLineReader(path: file.path)) == ["one", "two", "", "three"])
    }

    @Test func fileReaderReadsLinesLongerThanItsBuffer() throws {
        let long = String(repeating: "x", count: 200_000)
        let file = try TemporaryFile(text: "a\n" + long + "\nb\n" + long)
        defer { file.remove() }
        #expect(try allLines(FileLineReader(path: file.path)) == ["a", long, "b", long])
    }

    @Test func fileReaderReadsManyLinesAcrossBufferBoundaries() throws {
        let lines = (0..<50_000).map { "line \($0) ü" }
        let file = try TemporaryFile(text: lines.joined(separator: "\n") + "\n")
        defer { file.remove() }
        #expect(try allLines(FileLineReader(path: file.path)) == lines)
    }

    @Test func invalidUTF8IsAnErrorNamingFileLineAndByte() throws {
        let file = try TemporaryFile(bytes: Array("ok\n".utf8) + [0x61, 0x62, 0xE9, 0x63, 0x64, 0x0A])
        defer { file.remove() }
        let reader = try FileLineReader(path: file.path)
        #expect(try reader.nextLine() == "ok")
        let error = #expect(throws: DataFormatError.self) { try reader.nextLine() }
        #expect(error?.file == file.path)
        #expect(error?.line == 2)
        #expect(error?.problem == "invalid UTF-8 at byte 3 of the line (0xE9)")
    }

    @Test func aDirectoryIsAnErrorNotAReadFailure() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-\(UUID()).conll")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: DataFormatError.self) { try FileLineReader(path: directory.path) }
        #expect(error?.description == "\(directory.path): is a directory, not a text file")
        // Regression: sniffing the layout of a folder named like a CoNLL file trapped in Foundation.
        #expect(try TaggingFileFormat.resolve(path: directory.path, format: nil, column: nil) == .conll(.tokenAndTag))
    }

    @Test func missingFileIsAnError() {
        let error = #expect(throws: DataFormatError.self) { try FileLineReader(path: "/nonexistent/x.conllu") }
        #expect(error?.description == "/nonexistent/x.conllu: cannot open for reading: No such file or directory")
    }
}
