import Foundation
import RecurrentCore
import Tokenization
import VocabularyStore

/// Training text for a word model, read from any mix of files and cut into sentences of folded
/// tokens (``TypingText``).
///
/// What a file holds is told by its name:
/// - `.conllu`: the `# text = ` line of each sentence (the raw sentence, as a user would type it);
/// - `.conll`, `.iob`, `.iob2`, `.bio`, `.bioes`: the first column of each token line, a blank line
///   between sentences (tokens joined by spaces, then cut again by ICU like any text);
/// - anything else: plain UTF-8 text, paragraphs at blank lines (line breaks inside a paragraph
///   read as spaces), each cut into sentences by ICU.
///
/// With `pretokenized`, every file holds one sentence per line with its tokens separated by spaces
/// (Penn Treebank language-model files: `<unk>` already in the text); tokens are only folded.
///
/// Invalid UTF-8 is an error naming the file and line.
public struct WordCorpus: Sendable {
    /// One file's sentences, each a list of tokens.
    public struct Document: Sendable {
        public var path: String
        public var sentences: [[Token]]
    }

    /// A token: its folded form, and its surface form when it differs (for display forms), and
    /// whether it starts a sentence (whose capital says nothing about the word).
    public struct Token: Sendable {
        public var folded: String
        public var surface: String?
        public var startsSentence: Bool
    }

    public var documents: [Document]
    /// CRC-32 of every file's bytes in order (hex), to recognise the corpus when a run resumes.
    public var checksum: String
    public var byteCount: Int

    public init(paths: [String], typingText: TypingText, pretokenized: Bool = false) throws {
        var documents: [Document] = []
        var crc = CRC32()
        var bytes = 0
        for path in paths {
            let (sentences, fileBytes) = try Self.readSentences(path: path, pretokenized: pretokenized, crc: &crc)
            bytes += fileBytes
            documents.append(Document(path: path, sentences: Self.tokenize(sentences, typingText: typingText, pretokenized: pretokenized)))
        }
        self.documents = documents
        checksum = crc.hexadecimal
        byteCount = bytes
    }

    /// One document of sentences already read from `path` (``readSentences(path:pretokenized:)``),
    /// without reading the file again.
    public init(path: String, sentences: [String], typingText: TypingText, pretokenized: Bool = false) {
        documents = [Document(path: path, sentences: Self.tokenize(sentences, typingText: typingText, pretokenized: pretokenized))]
        checksum = ""
        byteCount = sentences.reduce(0) { $0 + $1.utf8.count }
    }

    /// Each sentence's tokens (ICU's, or split at spaces when `pretokenized`); empty sentences dropped.
    static func tokenize(_ sentences: [String], typingText: TypingText, pretokenized: Bool) -> [[Token]] {
        sentences.map { sentence in
            let tokens = pretokenized
                ? sentence.split(whereSeparator: \.isWhitespace).map { ($0, WordForm.folded($0)) }
                : typingText.tokens(in: sentence)
            return tokens.enumerated().map { index, token in
                Token(folded: token.folded, surface: token.folded == token.surface ? nil : String(token.surface),
                      startsSentence: index == 0)
            }
        }.filter { !$0.isEmpty }
    }

    public var sentenceCount: Int { documents.reduce(0) { $0 + $1.sentences.count } }
    public var tokenCount: Int { documents.reduce(0) { $0 + $1.sentences.reduce(0) { $0 + $1.count } } }

    /// The ids of the whole corpus as one stream: the end-of-sentence id, then each sentence's
    /// tokens followed by the end-of-sentence id.
    public func stream(vocabulary: Vocabulary) -> [Int32] {
        let end = Int32(vocabulary.endOfSequenceID!)
        var ids: [Int32] = [end]
        ids.reserveCapacity(tokenCount + sentenceCount + 1)
        for document in documents {
            for sentence in document.sentences {
                for token in sentence { ids.append(Int32(vocabulary.id(for: token.folded))) }
                ids.append(end)
            }
        }
        return ids
    }

    /// Splits off the last `fraction` of each document's sentences (at least one when the document
    /// has two or more) as validation text.
    public func split(validationFraction: Double) -> (training: WordCorpus, validation: WordCorpus) {
        var training = self, validation = self
        for (index, document) in documents.enumerated() {
            let count = document.sentences.count
            let held = count < 2 ? 0 : max(1, Int((Double(count) * validationFraction).rounded()))
            training.documents[index].sentences = Array(document.sentences[..<(count - held)])
            validation.documents[index].sentences = Array(document.sentences[(count - held)...])
        }
        return (training, validation)
    }

    /// The raw sentences of a file (see the type's formats).
    public static func readSentences(path: String, pretokenized: Bool = false) throws -> [String] {
        var crc = CRC32()
        return try readSentences(path: path, pretokenized: pretokenized, crc: &crc).sentences
    }

    /// The raw sentences of a file (see the type's formats), updating `crc` with its bytes.
    static func readSentences(path: String, pretokenized: Bool, crc: inout CRC32) throws -> (sentences: [String], bytes: Int) {
        let reader = try UTF8TextReader(path: path, decoding: .strict)
        let format = (path as NSString).pathExtension.lowercased()
        let columnFormats: Set<String> = ["conll", "iob", "iob2", "bio", "bioes"]
        var sentences: [String] = []
        var pending = ""          // the paragraph or column sentence being collected
        var bytes = 0
        let typing = try TypingText()
        func finish() {
            let text = pending.trimmingCharacters(in: .whitespaces)
            pending = ""
            guard !text.isEmpty else { return }
            if pretokenized || format == "conllu" || columnFormats.contains(format) {
                sentences.append(text)
            } else {
                sentences += typing.sentences(in: text).map(String.init)
            }
        }
        func process(_ line: Substring) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pretokenized {
                pending = trimmed
                finish()
            } else if format == "conllu" {
                if trimmed.hasPrefix("# text = ") {
                    pending = String(trimmed.dropFirst(9))
                    finish()
                }
            } else if columnFormats.contains(format) {
                if trimmed.isEmpty || trimmed.hasPrefix("-DOCSTART-") {
                    finish()
                } else if let first = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).first {
                    pending += (pending.isEmpty ? "" : " ") + first
                }
            } else if trimmed.isEmpty {
                finish()
            } else {
                pending += (pending.isEmpty ? "" : " ") + trimmed
            }
        }
        var partial = ""   // a line longer than the reader's block arrives in several pieces
        while let piece = try reader.next() {
            let utf8 = Array(piece.text.utf8)
            bytes += utf8.count
            crc.update(utf8)
            partial += piece.text
            guard piece.endsLine else { continue }
            if partial.last?.isNewline == true { partial.removeLast() }
            for line in partial.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) { process(line) }
            partial = ""
        }
        if !partial.isEmpty { process(Substring(partial)) }
        finish()
        return (sentences, bytes)
    }
}
