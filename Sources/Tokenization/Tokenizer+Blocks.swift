/// A block of a streamed input with its tokens. Blocks follow each other without gaps: their texts
/// concatenated are the whole input.
public struct TextBlock: Sendable {
    public let text: String
    /// Ranges into `text`. The trailing whitespace of the last token stops at the block's end.
    public let tokens: [Token]
    /// Where the block starts in the input, in bytes (exact for valid UTF-8; after lenient
    /// replacements, in bytes of the decoded text from the reader's piece that holds it).
    public let byteOffset: Int
    /// The 1-based line the block starts on.
    public let line: Int
}

extension Tokenizer {
    /// Tokenizes everything `reader` delivers, one block at a time, in memory bounded by the
    /// reader's block size (plus the longest single token).
    ///
    /// Blocks end after a line feed, where every unit has a boundary. A line longer than the block
    /// size is cut before its last non-whitespace segment with at least one more after it, so the
    /// segments near the cut are decided with their context.
    ///
    ///     let reader = try UTF8TextReader(path: "big.txt")
    ///     try Tokenizer(unit: .word).forEachBlock(of: reader) { block in
    ///         for token in block.tokens { _ = block.text[token.range] }
    ///     }
    public func forEachBlock(of reader: UTF8TextReader, _ body: (TextBlock) throws -> Void) throws {
        var carry: (text: String, byteOffset: Int, line: Int)?
        while let piece = try reader.next() {
            var text = piece.text
            var byteOffset = piece.byteOffset, line = piece.line
            if let carried = carry {
                text = carried.text + piece.text
                byteOffset = carried.byteOffset
                line = carried.line
                carry = nil
            }
            if !piece.endsLine {
                let cut = withUTF8Result(of: text) { bytes in
                    bytes.count > Self.maximumWindow ? nil : holdBackCut(bytes, window: 0..<bytes.count)
                }
                guard let cut else {
                    carry = (text, byteOffset, line)   // one segment so far: wait for more
                    continue
                }
                let split = text.utf8.index(text.utf8.startIndex, offsetBy: cut)
                carry = (String(text[split...]), byteOffset + cut, line)
                text = String(text[..<split])
            }
            try body(TextBlock(text: text, tokens: tokens(in: text), byteOffset: byteOffset, line: line))
        }
        if let carry {
            try body(TextBlock(text: carry.text, tokens: tokens(in: carry.text),
                               byteOffset: carry.byteOffset, line: carry.line))
        }
    }

    private func withUTF8Result<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var result: R?
        withUTF8(of: text) { result = body($0) }
        return result!
    }
}
