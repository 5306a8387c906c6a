import FuzzSupport
import SequenceTagging

// The CoNLL reader (WNUT-17, CoNLL-2003, Universal NER files), through a real file and
// `FileLineReader` as `tagger train` and `tagger evaluate` read it: line splitting, UTF-8
// validation, columns, comments and document markers. Each input is read in the three layouts a
// user can choose, so the same bytes exercise every separator and tag-column rule.

/// The layouts each input is read in.
let formats: [CoNLLFormat] = [
    .tokenAndTag,
    .universalNER,
    CoNLLFormat(tokenColumn: 2, tagColumn: .none, separator: .whitespace, commentPrefix: "#", documentStartMarker: nil),
]

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = ScratchFile.shared.replaceContents(with: UnsafeBufferPointer(start: data, count: size))
    for format in formats {
        guard var reader = try? CoNLLReader(path: path, format: format) else { continue }
        while let sentence = try? reader.nextSentence() {
            precondition(format.tagColumn == .none || sentence.tags.count == sentence.tokens.count,
                         "a sentence read with tags has one tag per token")
        }
    }
    return 0
}
