import RecurrentCore
import Tokenization
import VocabularyStore

/// A text file as character ids, split into training and validation parts.
///
/// The file is read as strict UTF-8 (an invalid byte is an error naming the line and byte) and
/// cut into Swift `Character`s, so any script works and "é" written with a combining accent is one
/// character. The vocabulary holds every character of the whole file (training and validation),
/// most frequent first, after `<unk>` at id 0; the validation part is the last
/// `validationFraction` of the characters, as char-rnn and nanoGPT split tinyshakespeare.
public struct CharacterCorpus: Sendable {
    public let path: String
    public let vocabulary: Vocabulary
    public let training: [Int32]
    public let validation: [Int32]
    /// CRC-32 of the file's bytes (hex), to recognise the corpus when a run resumes.
    public let checksum: String
    public let byteCount: Int

    /// Reads `path`. With `vocabulary` (resuming, or a fixed model), characters outside it become
    /// `<unk>`; otherwise the vocabulary is built from the file.
    public init(path: String, validationFraction: Double, vocabulary: Vocabulary? = nil) throws {
        let (characters, checksum, byteCount) = try Self.readCharacters(path: path)
        guard !characters.isEmpty else { throw TextGenerationError.emptyCorpus(path: path) }
        guard characters.count > 1 else { throw TextGenerationError.singleCharacterCorpus(path: path) }
        let vocabulary = vocabulary ?? Vocabulary(counting: characters.lazy.map { String($0) }, specials: .unknownOnly)
        let ids = characters.map { Int32(vocabulary.id(for: $0)) }
        let validationCount = Int((Double(ids.count) * validationFraction).rounded())
        guard validationCount >= 2 else {
            throw TextGenerationError.validationTooShort(path: path, characters: validationCount, fraction: validationFraction)
        }
        self.path = path
        self.vocabulary = vocabulary
        self.training = Array(ids[..<(ids.count - validationCount)])
        self.validation = Array(ids[(ids.count - validationCount)...])
        self.checksum = checksum
        self.byteCount = byteCount
    }

    /// The characters of a UTF-8 file (strict), its CRC-32 and its size in bytes.
    public static func readCharacters(path: String) throws -> (characters: [Character], checksum: String, bytes: Int) {
        let reader = try UTF8TextReader(path: path, decoding: .strict)
        var text = ""
        var crc = CRC32()
        var bytes = 0
        while let piece = try reader.next() {
            text += piece.text
            let utf8 = Array(piece.text.utf8)   // strict decoding: exactly the file's bytes
            bytes += utf8.count
            crc.update(utf8)
        }
        return (Array(text), crc.hexadecimal, bytes)
    }
}
