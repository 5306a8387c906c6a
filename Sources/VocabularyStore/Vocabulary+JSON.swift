import Foundation

/// Saving and loading a vocabulary as JSON: the text a model file keeps in its metadata.
///
/// The format (keys sorted, so equal vocabularies give equal text):
/// ```json
/// {"counts":[0,0,0,0,2,1],"format":"quill.vocabulary","frozen":true,
///  "specials":{"beginOfSequence":2,"endOfSequence":3,"padding":0,"unknown":1},
///  "tokens":["<pad>","<unk>","<s>","</s>","the","cat"],"version":1}
/// ```
/// `specials` maps each present role to its id; absent roles are omitted. `counts[i]` is the
/// count of `tokens[i]`.
extension Vocabulary {
    static let formatName = "quill.vocabulary"
    static let formatVersion = 1

    private struct File: Codable {
        var format: String
        var version: Int
        var frozen: Bool
        var specials: [String: WholeNumber]
        var tokens: [String]
        var counts: [WholeNumber]
    }

    /// This vocabulary as JSON (deterministic: equal vocabularies give equal text).
    public func jsonString() -> String {
        var specialIDs: [String: WholeNumber] = [:]
        for (id, special) in specials.roles.enumerated() {
            specialIDs[special.role.rawValue] = WholeNumber(id)
        }
        return JSONFormat.encode(File(
            format: Self.formatName, version: Self.formatVersion, frozen: isFrozen,
            specials: specialIDs, tokens: tokens, counts: counts.map(WholeNumber.init)))
    }

    /// Loads a vocabulary written by ``jsonString()``, checking everything.
    ///
    /// - Parameter source: where the text came from, for error messages
    ///   (e.g. `model.quill metadata 'vocabulary'`).
    /// - Throws: a ``VocabularyError`` naming what is wrong: not JSON, wrong `format`, a newer
    ///   `version`, missing fields or wrong types, duplicate or empty tokens, counts that are
    ///   negative or not one per token, specials missing `unknown`, out of range or not at the
    ///   first ids in role order.
    public init(json: String, source: String) throws(VocabularyError) {
        try self.init(json: Data(json.utf8), source: source)
    }

    /// Loads a vocabulary from UTF-8 JSON bytes; see `init(json:source:)` with a `String`.
    public init(json: Data, source: String) throws(VocabularyError) {
        let file = try JSONFormat.decode(
            File.self, from: json, format: Self.formatName, version: Self.formatVersion, source: source)
        let tokens = file.tokens
        let counts = file.counts.map(\.value)

        guard counts.count == tokens.count else {
            throw .countsMismatch(source: source, tokens: tokens.count, counts: counts.count)
        }
        var firstIDs: [String: Int] = [:]
        firstIDs.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            guard !token.isEmpty else { throw .emptyToken(source: source, id: id) }
            if let firstID = firstIDs[token] {
                throw .duplicateToken(source: source, token: token, firstID: firstID, secondID: id)
            }
            firstIDs[token] = id
        }
        for (id, count) in counts.enumerated() where count < 0 {
            throw .negativeCount(source: source, token: tokens[id], id: id, count: count)
        }

        var roleIDs: [SpecialTokens.Role: Int] = [:]
        for (name, id) in file.specials.sorted(by: { $0.key < $1.key }) {
            guard let role = SpecialTokens.Role(rawValue: name) else {
                throw .unknownSpecialRole(source: source, role: name)
            }
            roleIDs[role] = id.value
        }
        guard let unknownID = roleIDs[.unknown] else { throw .missingUnknown(source: source) }
        let present = SpecialTokens.Role.allCases.compactMap { role in roleIDs[role].map { (role, $0) } }
        for (expected, (role, id)) in present.enumerated() {
            guard tokens.indices.contains(id) else {
                throw .specialIDOutOfRange(source: source, role: role.rawValue, id: id, tokenCount: tokens.count)
            }
            guard id == expected else {
                throw .specialsNotFirst(source: source, role: role.rawValue, id: id, expected: expected)
            }
            guard counts[id] == 0 else {
                throw .specialWithCount(source: source, role: role.rawValue, id: id, count: counts[id])
            }
        }

        let specials = SpecialTokens(
            padding: roleIDs[.padding].map { tokens[$0] },
            unknown: tokens[unknownID],
            beginOfSequence: roleIDs[.beginOfSequence].map { tokens[$0] },
            endOfSequence: roleIDs[.endOfSequence].map { tokens[$0] })
        self.init(uncheckedTokens: tokens, counts: counts, specials: specials, frozen: file.frozen)
    }
}
