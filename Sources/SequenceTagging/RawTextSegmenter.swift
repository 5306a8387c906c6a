import Tokenization

/// Cuts raw text from a ``UTF8TextReader`` into sentences and tokens with ICU, in bounded memory:
/// it holds one paragraph (or one line) at a time.
///
/// In ``Mode/paragraphs`` a blank line ends a paragraph and line breaks inside a paragraph count
/// as spaces (so hard-wrapped text is not cut at every line end); ICU's sentence rules (with the
/// locale's abbreviations, so "Mr. Smith" stays whole) then cut the paragraph into sentences and
/// its word rules cut each sentence into tokens, whitespace left out. In ``Mode/lines`` every
/// line is a paragraph. A paragraph (or a line) is cut after 1 MiB, and a sentence of more than
/// ``maximumTokens`` tokens into pieces of that many, so no input makes memory grow without bound.
public final class RawTextSegmenter {
    public enum Mode: String, Sendable, CaseIterable {
        /// Blank lines between paragraphs; ICU finds sentences and tokens.
        case paragraphs
        /// One paragraph per line; ICU finds sentences and tokens.
        case lines
        /// One sentence per line, tokens already separated by spaces or tabs.
        case tokenizedLines
    }

    public static let maximumTokens = 250
    static let maximumParagraphBytes = 1 << 20

    public let mode: Mode
    private let reader: UTF8TextReader
    private let sentenceTokenizer: Tokenizer
    private let wordTokenizer: Tokenizer

    private struct Line {
        var text: String
        /// 1-based.
        var number: Int
        /// Scalar offset of its first character in the input.
        var offset: Int
    }

    /// Complete lines read but not yet used.
    private var queue: [Line] = []
    private var queueStart = 0
    /// The start of a line whose end is in a later piece.
    private var carry: Line?
    /// Scalar offset of the next unread character.
    private var scalarOffset = 0
    private var finished = false

    public init(reader: UTF8TextReader, mode: Mode = .paragraphs, locale: String = "en") throws {
        self.reader = reader
        self.mode = mode
        sentenceTokenizer = try Tokenizer(unit: .sentence, locale: locale)
        wordTokenizer = try Tokenizer(unit: .word, locale: locale, options: .omitWhitespace)
    }

    /// The sentences of the next paragraph (or line) that has any, or nil at the end of the input.
    public func nextSentences() throws -> [RawSentence]? {
        while true {
            guard let paragraph = try nextParagraph() else { return nil }
            let sentences = segment(paragraph.text, line: paragraph.number, offset: paragraph.offset)
            if !sentences.isEmpty { return sentences }
        }
    }

    /// Whether the next ``nextSentences()`` can answer from lines already read (a blank line, or
    /// any line in line mode, is waiting), so a caller streaming from a pipe knows whether to
    /// wait for a batch to fill.
    public var hasBufferedParagraph: Bool {
        queue[queueStart...].contains { mode != .paragraphs || $0.text.allSatisfy(\.isWhitespace) }
    }

    private func nextLine() throws -> Line? {
        while queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueStart = 0
            if finished { return nil }
            guard let piece = try reader.next() else {
                finished = true
                if let carry {
                    queue.append(carry)
                    self.carry = nil
                    continue
                }
                return nil
            }
            var number = piece.line
            var parts = piece.text.split(separator: "\n", omittingEmptySubsequences: false)
            let tail = parts.removeLast()   // empty after a final line feed, else a partial line
            for part in parts {
                var line = Line(text: String(part), number: number, offset: scalarOffset)
                if let carry {
                    line = Line(text: carry.text + part, number: carry.number, offset: carry.offset)
                    self.carry = nil
                }
                scalarOffset += part.unicodeScalars.count + 1
                queue.append(line)
                number += 1
            }
            if !tail.isEmpty {
                if carry == nil { carry = Line(text: "", number: number, offset: scalarOffset) }
                carry!.text += tail
                scalarOffset += tail.unicodeScalars.count
                if carry!.text.utf8.count >= Self.maximumParagraphBytes {
                    queue.append(carry!)
                    carry = nil
                }
            }
        }
        defer { queueStart += 1 }
        return queue[queueStart]
    }

    private func nextParagraph() throws -> Line? {
        var paragraph: Line?
        while let line = try nextLine() {
            if mode == .paragraphs && line.text.allSatisfy(\.isWhitespace) {
                if paragraph != nil { break }
                continue
            }
            if paragraph == nil {
                paragraph = line
            } else {
                paragraph!.text += "\n" + line.text
            }
            if mode != .paragraphs || paragraph!.text.utf8.count >= Self.maximumParagraphBytes { break }
        }
        return paragraph
    }

    /// Sentences and tokens of one paragraph that starts at scalar `offset` on line `line`.
    func segment(_ paragraph: String, line: Int, offset: Int) -> [RawSentence] {
        if mode == .tokenizedLines { return splitAtWhitespace(paragraph, line: line, offset: offset) }
        // Line breaks read as spaces for sentence detection: same length in UTF-8, so byte offsets
        // carry over to the original.
        let flattened = String(decoding: paragraph.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
        let utf8 = paragraph.utf8
        func index(_ byte: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: byte) }
        func byteOffset(_ index: String.Index, in text: String) -> Int { text.utf8.distance(from: text.utf8.startIndex, to: index) }
        var offsets = TextOffsets(paragraph)
        var sentences: [RawSentence] = []
        var lineNumber = line
        var lineCountedTo = paragraph.startIndex
        for sentence in sentenceTokenizer.tokens(in: flattened) {
            let sentenceStart = byteOffset(sentence.range.lowerBound, in: flattened)
            let sentenceText = String(paragraph[index(sentenceStart)..<index(byteOffset(sentence.range.upperBound, in: flattened))])
            var current: RawSentence?
            var textStart = paragraph.startIndex, textEnd = paragraph.startIndex
            func flush() {
                guard var finished = current else { return }
                finished.text = String(paragraph[textStart..<textEnd])
                finished.start = finished.tokenOffsets.first!.lowerBound
                finished.end = finished.tokenOffsets.last!.upperBound
                sentences.append(finished)
                current = nil
            }
            for word in wordTokenizer.tokens(in: sentenceText) {
                let start = index(sentenceStart + byteOffset(word.range.lowerBound, in: sentenceText))
                let end = index(sentenceStart + byteOffset(word.range.upperBound, in: sentenceText))
                if current == nil {
                    lineNumber += paragraph.utf8[lineCountedTo..<start].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    lineCountedTo = start
                    textStart = start
                    current = RawSentence(text: "", start: 0, end: 0, tokens: [], tokenOffsets: [], spaceAfter: [], line: lineNumber)
                }
                let scalarStart = offset + offsets.scalarOffset(of: start)
                let scalarEnd = offset + offsets.scalarOffset(of: end)
                current!.tokens.append(String(paragraph[start..<end]))
                current!.tokenOffsets.append(scalarStart..<scalarEnd)
                current!.spaceAfter.append(end < paragraph.endIndex && paragraph[end].isWhitespace)
                textEnd = end
                if current!.tokens.count == Self.maximumTokens { flush() }
            }
            flush()
        }
        return sentences
    }

    /// The line as one sentence whose tokens are its whitespace-separated pieces (cut into pieces
    /// of ``maximumTokens``); each sentence's text is the line from its first token to its last,
    /// spacing kept, as its offsets say.
    private func splitAtWhitespace(_ line: String, line number: Int, offset: Int) -> [RawSentence] {
        let scalars = Array(line.unicodeScalars)
        var sentences: [RawSentence] = []
        var current = RawSentence(text: "", start: 0, end: 0, tokens: [], tokenOffsets: [], spaceAfter: [], line: number)
        var position = offset
        var tokenStart: Int?
        var token = String.UnicodeScalarView()
        func finishToken(followedBySpace: Bool) {
            guard let start = tokenStart else { return }
            current.tokens.append(String(token))
            current.tokenOffsets.append(start..<position)
            current.spaceAfter.append(followedBySpace)
            token = String.UnicodeScalarView()
            tokenStart = nil
            if current.tokens.count == Self.maximumTokens { finishSentence() }
        }
        func finishSentence() {
            guard !current.tokens.isEmpty else { return }
            current.start = current.tokenOffsets.first!.lowerBound
            current.end = current.tokenOffsets.last!.upperBound
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[(current.start - offset)..<(current.end - offset)])
            current.text = String(text)
            sentences.append(current)
            current = RawSentence(text: "", start: 0, end: 0, tokens: [], tokenOffsets: [], spaceAfter: [], line: number)
        }
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                finishToken(followedBySpace: true)
            } else {
                if tokenStart == nil { tokenStart = position }
                token.append(scalar)
            }
            position += 1
        }
        finishToken(followedBySpace: false)
        finishSentence()
        return sentences
    }
}
