import FuzzSupport
import Tokenization

// The UTF-8 text reader (`UTF8TextReader`, what `tokenize`, `textgen train` and `autocomplete
// learn` read text files with) and the streaming tokenizer over what it decodes. A tiny block size
// makes nearly every input cross block boundaries, where multi-byte characters, line counting and
// the tokenizer's hold-back cut are easiest to get wrong. Checked on every input:
// - lenient decoding delivers exactly `String(decoding:as:)` of the bytes, in pieces and in blocks;
// - strict decoding succeeds exactly when the bytes are valid UTF-8, with the same text;
// - every token range lies inside its block.

/// The tokenizers every input goes through (ICU break iterators are costly to open: once).
nonisolated(unsafe) let tokenizers: [Tokenizer] = [TokenUnit.word, .sentence].map { unit in
    guard let tokenizer = try? Tokenizer(unit: unit) else { fatalError("cannot open the ICU \(unit) break iterator") }
    return tokenizer
}

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let expected = String(decoding: bytes, as: UTF8.self)
    let isValid = String(validating: bytes, as: UTF8.self) != nil
    let blockSize = 16 + Int(bytes.first ?? 0) % 48

    var decoded = ""
    let strict = UTF8TextReader(bytes: bytes, name: "<fuzz>", decoding: .strict, blockSize: blockSize)
    do {
        while let piece = try strict.next() { decoded += piece.text }
        precondition(isValid && decoded == expected, "strict decoding accepted invalid UTF-8 or changed the text")
    } catch {
        precondition(!isValid, "strict decoding refused valid UTF-8: \(error)")
    }

    for tokenizer in tokenizers {
        let reader = UTF8TextReader(bytes: bytes, name: "<fuzz>", decoding: .lenient, blockSize: blockSize)
        var text = ""
        do {
            try tokenizer.forEachBlock(of: reader) { block in
                for token in block.tokens {
                    precondition(token.range.lowerBound >= block.text.startIndex && token.range.upperBound <= block.text.endIndex,
                                 "a token range lies outside its block")
                }
                text += block.text
            }
        } catch {
            preconditionFailure("lenient decoding threw: \(error)")
        }
        precondition(text == expected, "the blocks of lenient decoding differ from String(decoding:as:)")
    }
    return 0
}
