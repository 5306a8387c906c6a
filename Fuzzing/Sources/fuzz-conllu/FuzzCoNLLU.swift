import FuzzSupport
import SequenceTagging

// The CoNLL-U reader (Universal Dependencies treebanks), through a real file and `FileLineReader`
// as `tagger train` and `tagger evaluate` read it: ten columns, comments, multiword-token ranges
// and empty nodes. Each input is read for UPOS, for XPOS and without tags.

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = ScratchFile.shared.replaceContents(with: UnsafeBufferPointer(start: data, count: size))
    for column in [CoNLLUColumn.upos, .xpos, nil] {
        guard var reader = try? CoNLLUReader(path: path, tagColumn: column) else { continue }
        while let sentence = try? reader.nextSentence() {
            precondition(column == nil || sentence.tags.count == sentence.tokens.count,
                         "a sentence read with tags has one tag per token")
        }
    }
    return 0
}
