import Foundation
import Testing
import Tokenization

@Suite struct StreamingTests {
    /// Streams `bytes` through `tokenizer` in small blocks; returns the blocks.
    static func blocks(_ bytes: [UInt8], _ tokenizer: Tokenizer, blockSize: Int = 64,
                       decoding: UTF8TextReader.Decoding = .strict) throws -> [TextBlock] {
        let reader = UTF8TextReader(bytes: bytes, name: "input.txt", decoding: decoding, blockSize: blockSize)
        var blocks: [TextBlock] = []
        try tokenizer.forEachBlock(of: reader) { blocks.append($0) }
        return blocks
    }

    @Test func streamedTokensEqualWholeTextTokens() throws {
        let text = (1...200).map { "Line \($0): the quick brown fox, \($0 * 7) times!" }.joined(separator: "\n")
        for unit in TokenUnit.allCases {
            let tokenizer = try Tokenizer(unit: unit, options: .omitWhitespace)
            let whole = tokenizer.tokens(in: text).map { String(text[$0.range]) }
            let blocks = try Self.blocks(Array(text.utf8), tokenizer, blockSize: 100)
            #expect(blocks.count > 10)
            #expect(blocks.map(\.text).joined() == text)
            #expect(blocks.flatMap { block in block.tokens.map { String(block.text[$0.range]) } } == whole, "\(unit)")
        }
    }

    @Test func blocksEndAtLineFeedsAndKnowTheirLineAndOffset() throws {
        let text = "one\ntwo\nthree\nfour\n"
        let blocks = try Self.blocks(Array(text.utf8), Tokenizer(unit: .word), blockSize: 16)
        for block in blocks {
            #expect(block.text.hasSuffix("\n"))
            let before = text.utf8.prefix(block.byteOffset)
            #expect(block.line == before.filter { $0 == 0x0A }.count + 1)
            #expect(text.utf8.dropFirst(block.byteOffset).starts(with: block.text.utf8))
        }
    }

    @Test func aLongLineIsCutBetweenWordsNeverInsideOne() throws {
        // No line feed at all; blocks of 64 bytes must not split "antidisestablishment" or "3.14159".
        let words = ["antidisestablishment", "3.14159", "naïve", "👩‍👩‍👧", "can't", "e.g."]
        let text = (0..<2_000).map { words[$0 % words.count] }.joined(separator: " ")
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        let blocks = try Self.blocks(Array(text.utf8), tokenizer, blockSize: 64)
        #expect(blocks.count > 100)
        #expect(blocks.map(\.text).joined() == text)
        let streamed = blocks.flatMap { block in block.tokens.map { String(block.text[$0.range]) } }
        #expect(streamed == tokenizer.tokens(in: text).map { String(text[$0.range]) })
    }

    @Test func aTenMegabyteLineStreamsInBoundedBlocks() throws {
        let text = String(repeating: "lorem ipsum dolor, sit amet. ", count: 360_000)
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        var largest = 0, tokens = 0, blocks = 0
        let reader = UTF8TextReader(bytes: Array(text.utf8), name: "long.txt", blockSize: 1 << 20)
        try tokenizer.forEachBlock(of: reader) { block in
            largest = max(largest, block.text.utf8.count)
            tokens += block.tokens.count
            blocks += 1
        }
        #expect(blocks >= 10)
        #expect(largest <= (1 << 20) + 64)
        #expect(tokens == 360_000 * 7)
    }

    /// Regression: a file whose last line ended exactly at the end of a block gave that line's
    /// last piece without `endsLine` (the end of the file was only seen by the next read), so a
    /// reader of whole lines never saw the line: a 10 MiB line piped into autocomplete got no answer.
    @Test func aFileEndingAtABlockBoundaryStillEndsItsLastLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for text in [String(repeating: "a", count: 64), String(repeating: "é", count: 32)] {
            let file = directory.appendingPathComponent("line.txt")
            try Data(text.utf8).write(to: file)
            let reader = try UTF8TextReader(path: file.path, blockSize: 32)
            var pieces: [UTF8TextReader.Piece] = []
            while let piece = try reader.next() { pieces.append(piece) }
            #expect(pieces.map(\.text).joined() == text)
            #expect(pieces.last?.endsLine == true)
            #expect(pieces.dropLast().allSatisfy { !$0.endsLine })
        }
    }

    @Test func invalidUTF8IsRejectedWithByteOffsetAndLine() throws {
        var bytes = Array("good line\nsecond line\nbad ".utf8)
        bytes += [0xC3, 0x28]   // a lead byte followed by ASCII
        bytes += Array(" rest\n".utf8)
        #expect(throws: TokenizationError.invalidUTF8(path: "input.txt", byteOffset: 26, line: 3, bytes: [0xC3])) {
            _ = try Self.blocks(bytes, Tokenizer(unit: .word))
        }
        let message = TokenizationError.invalidUTF8(path: "input.txt", byteOffset: 26, line: 3, bytes: [0xC3]).description
        #expect(message.hasPrefix("input.txt:3: invalid UTF-8 at byte 26 (0xC3)"))
    }

    @Test(arguments: [
        [0x80],                     // lone continuation byte
        [0xC0, 0xAF],               // overlong encoding
        [0xED, 0xA0, 0x80],         // a UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],   // above U+10FFFF
        [0xE2, 0x82],               // truncated at the end of the input
        [0xFF],
    ] as [[UInt8]])
    func everyKindOfBadSequenceIsFound(bad: [UInt8]) throws {
        let bytes = Array("ok ".utf8) + bad
        do {
            _ = try Self.blocks(bytes, Tokenizer(unit: .word))
            Issue.record("accepted \(bad)")
        } catch let TokenizationError.invalidUTF8(_, offset, line, _) {
            #expect(offset == 3)
            #expect(line == 1)
        }
    }

    @Test func lenientDecodingReplacesBadBytesWithReplacementCharacters() throws {
        let bytes = Array("caf".utf8) + [0xE9] + Array(" au lait\n".utf8) + [0xFF, 0xFE]
        let reader = UTF8TextReader(bytes: bytes, name: "latin1.txt", decoding: .lenient)
        var text = ""
        try Tokenizer(unit: .word).forEachBlock(of: reader) { text += $0.text }
        #expect(text == "caf\u{FFFD} au lait\n\u{FFFD}\u{FFFD}")
        #expect(reader.replacementCount == 3)
        #expect(reader.firstReplacementOffset == 3)
    }

    /// Regression (found by fuzz-utf8-text): a piece cut inside a long line walked back at most
    /// three bytes from its end, so stray continuation bytes after a character ("京" then 0xB8
    /// 0xA7) put the cut inside that character, which then decoded as replacement characters.
    /// Every block size must decode as the whole does.
    @Test func strayContinuationBytesNeverMoveACutIntoACharacter() {
        let bytes = Array("Fir中文句字我们今天去北京".utf8) + [0xB8, 0xA7, 0xE0, 0x23, 0x88] + Array("ไทย o revenge.\n\n".utf8)
        let expected = String(decoding: bytes, as: UTF8.self)
        for blockSize in 16...64 {
            let reader = UTF8TextReader(bytes: bytes, name: "mixed.txt", decoding: .lenient, blockSize: blockSize)
            var text = ""
            while let piece = try? reader.next() { text += piece.text }
            #expect(text == expected, "block size \(blockSize)")
        }
    }

    @Test func aMultiByteCharacterAcrossAReadIsNotBroken() throws {
        let text = String(repeating: "é", count: 100)   // 200 bytes, no line feed
        for blockSize in [16, 17, 31] {
            let blocks = try Self.blocks(Array(text.utf8), Tokenizer(unit: .grapheme), blockSize: blockSize)
            #expect(blocks.map(\.text).joined() == text)
        }
    }

    @Test func emptyInputGivesNoBlocks() throws {
        #expect(try Self.blocks([], Tokenizer(unit: .word)).isEmpty)
    }

    @Test func filesAreReadFromDiskAndErrorsNameThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("text.txt")
        try Data("Hello, file.\nSecond line.\n".utf8).write(to: file)

        let reader = try UTF8TextReader(path: file.path, blockSize: 16)
        var words: [String] = []
        try Tokenizer(unit: .word, options: .omitWhitespace).forEachBlock(of: reader) { block in
            words += block.tokens.map { String(block.text[$0.range]) }
        }
        #expect(words == ["Hello", ",", "file", ".", "Second", "line", "."])

        #expect(throws: TokenizationError.isDirectory(path: directory.path)) {
            _ = try UTF8TextReader(path: directory.path)
        }
        let missing = directory.appendingPathComponent("missing.txt").path
        #expect(throws: TokenizationError.cannotOpen(path: missing, reason: "No such file or directory")) {
            _ = try UTF8TextReader(path: missing)
        }
    }
}
