import RecurrentCore
import VocabularyStore

/// A batch of sentences encoded for a ``TaggerModel``: padded, time-major, with each distinct
/// token spelling's characters laid out once for the character network.
///
/// Shapes: T = the longest sentence, B sentences, U distinct token spellings in the batch, C =
/// the most characters of any of them (at most ``TaggerInput/maximumCharacters``). Token `t` of
/// sentence `b` is at index `t * B + b`; padded positions hold word id 0 and form -1.
struct TaggerInput {
    /// Longer tokens (URLs, say) keep their first and last `maximumCharacters / 2` characters.
    static let maximumCharacters = 32

    let steps: Int
    let batch: Int
    let lengths: [Int]
    /// `[T*B]` word ids (0, the unknown word, at padding).
    var wordIDs: [Int32]
    /// `[T*B]` ``WordShape`` raw values.
    var shapeIDs: [Int32]
    /// `[T*B]` index of the token's spelling in `0..<U` (0 for every token when there are no
    /// spellings), or -1 at padding.
    var formIndex: [Int32]
    /// U.
    var formCount: Int
    /// C.
    var characterSteps: Int
    /// `[C*U]` character ids, time-major over the spellings.
    var characterIDs: [Int32]
    /// `[U]` characters per spelling (at least 1).
    var characterLengths: [Int]

    var tokenCount: Int { lengths.reduce(0, +) }

    /// Encodes `sentences` (each at least one token). `keepWord(id)` decides, for word dropout,
    /// whether a known word stays itself (false: read as unknown). Without `characters` (a model
    /// without a character network) no spellings are laid out (U = 0); without `shapes`, every
    /// shape id is 0.
    init(sentences: [[String]], words: Vocabulary, characters: Vocabulary?, shapes: Bool = true, lowercase: Bool,
         keepWord: ((Int) -> Bool)? = nil) {
        batch = sentences.count
        lengths = sentences.map(\.count)
        steps = lengths.max() ?? 0
        let positions = steps * batch
        wordIDs = [Int32](repeating: 0, count: positions)
        shapeIDs = [Int32](repeating: 0, count: positions)
        formIndex = [Int32](repeating: -1, count: positions)
        var forms: [String: Int32] = [:]
        var spellings: [[Character]] = []
        for (b, sentence) in sentences.enumerated() {
            for (t, token) in sentence.enumerated() {
                let position = t * batch + b
                var id = words.id(for: WordShape.normalizedForm(of: token, lowercase: lowercase))
                if id != words.unknownID, let keepWord, !keepWord(id) { id = words.unknownID }
                wordIDs[position] = Int32(id)
                if shapes { shapeIDs[position] = WordShape(of: token).rawValue }
                guard characters != nil else {
                    formIndex[position] = 0   // a real token; there are no spellings to point at
                    continue
                }
                if let index = forms[token] {
                    formIndex[position] = index
                } else {
                    let index = Int32(spellings.count)
                    forms[token] = index
                    formIndex[position] = index
                    spellings.append(Self.clippedCharacters(of: token))
                }
            }
        }
        formCount = spellings.count
        characterLengths = spellings.map { max(1, $0.count) }
        characterSteps = characterLengths.max() ?? 0
        characterIDs = [Int32](repeating: 0, count: characterSteps * formCount)
        for (u, spelling) in spellings.enumerated() {
            for (c, character) in spelling.enumerated() {
                characterIDs[c * formCount + u] = Int32(characters!.id(for: character))
            }
        }
    }

    /// The token's characters, clipped to ``maximumCharacters`` (first and last halves).
    static func clippedCharacters(of token: String) -> [Character] {
        let characters = Array(token)
        guard characters.count > maximumCharacters else { return characters }
        let half = maximumCharacters / 2
        return Array(characters.prefix(half) + characters.suffix(half))
    }
}
