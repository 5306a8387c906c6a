import FuzzSupport
import SequenceTagging
import Tokenization

// `tagger annotate`'s raw text path: `RawTextSegmenter` cuts what `UTF8TextReader` decodes into
// paragraphs (or lines), sentences and tokens, and keeps each token's scalar offsets into the
// input. A tiny block size makes lines, paragraphs and multi-byte characters cross block
// boundaries. Checked on every input, in each of the three modes:
// - each token is exactly the input's scalars at its offsets, and each sentence's text the
//   input's scalars from its first token's start to its last token's end;
// - offsets only grow, tokens never overlap, and in pre-tokenized mode nothing but whitespace
//   lies between them (whitespace is all that separates tokens there);
// - every sentence has between 1 and `RawTextSegmenter.maximumTokens` tokens, one offset and one
//   space-after flag per token, and starts on a line of the input.

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    let lineCount = 1 + bytes.count { $0 == 0x0A }
    let blockSize = 16 + Int(bytes.first ?? 0) % 48
    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    for mode in RawTextSegmenter.Mode.allCases {
        let reader = UTF8TextReader(bytes: bytes, name: "<fuzz>", decoding: .lenient, blockSize: blockSize)
        var previousEnd = 0
        do {
            let segmenter = try RawTextSegmenter(reader: reader, mode: mode)
            while let sentences = try segmenter.nextSentences() {
                for sentence in sentences {
                    let count = sentence.tokens.count
                    precondition(count >= 1 && count <= RawTextSegmenter.maximumTokens, "\(mode): a sentence of \(count) tokens")
                    precondition(sentence.tokenOffsets.count == count && sentence.spaceAfter.count == count,
                                 "\(mode): offsets or space flags do not match the tokens")
                    precondition(sentence.line >= 1 && sentence.line <= lineCount, "\(mode): line \(sentence.line) of \(lineCount)")
                    for (token, range) in zip(sentence.tokens, sentence.tokenOffsets) {
                        precondition(range.lowerBound >= previousEnd && range.upperBound <= scalars.count,
                                     "\(mode): token offsets \(range) out of order or outside the input")
                        precondition(!range.isEmpty && token == text(range), "\(mode): a token is not the input at its offsets")
                        if mode == .tokenizedLines {
                            precondition(scalars[previousEnd..<range.lowerBound].allSatisfy(\.properties.isWhitespace),
                                         "\(mode): something other than whitespace was skipped")
                        }
                        previousEnd = range.upperBound
                    }
                    precondition(sentence.start == sentence.tokenOffsets[0].lowerBound && sentence.end == previousEnd,
                                 "\(mode): the sentence's offsets are not its tokens'")
                    precondition(sentence.text == text(sentence.start..<sentence.end), "\(mode): a sentence is not the input at its offsets")
                }
            }
        } catch {
            preconditionFailure("\(mode): lenient decoding threw: \(error)")
        }
    }
    return 0
}
