/// Offsets of positions in a string as the integers output formats need: UTF-8 bytes (files,
/// Rust, Go), Unicode scalars (Python's `str`, JSON consumers) and UTF-16 code units (JavaScript,
/// the Language Server Protocol).
///
/// UTF-8 offsets are O(1). Scalar and UTF-16 offsets are counted forward from the last position
/// asked for, so asking in increasing order (as when writing tokens out) costs O(n) for the whole
/// text; asking for an earlier position restarts from the beginning.
///
///     var offsets = TextOffsets(text)
///     for token in tokens { print(offsets.scalarOffset(of: token.range.lowerBound)) }
public struct TextOffsets {
    public let text: String
    private var position: String.Index
    private var scalars = 0
    private var utf16 = 0

    public init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    public func utf8Offset(of index: String.Index) -> Int {
        text.utf8.distance(from: text.utf8.startIndex, to: index)
    }

    public mutating func scalarOffset(of index: String.Index) -> Int {
        advance(to: index)
        return scalars
    }

    public mutating func utf16Offset(of index: String.Index) -> Int {
        advance(to: index)
        return utf16
    }

    private mutating func advance(to index: String.Index) {
        if index < position {
            position = text.startIndex
            scalars = 0
            utf16 = 0
        }
        for scalar in text.unicodeScalars[position..<index] {
            scalars += 1
            utf16 += scalar.value > 0xFFFF ? 2 : 1
        }
        position = index
    }
}

extension Token {
    /// The token's range in UTF-8 byte offsets into `text`.
    public func utf8Range(in text: String) -> Range<Int> {
        let utf8 = text.utf8
        return utf8.distance(from: utf8.startIndex, to: range.lowerBound)..<utf8.distance(from: utf8.startIndex, to: range.upperBound)
    }
}
