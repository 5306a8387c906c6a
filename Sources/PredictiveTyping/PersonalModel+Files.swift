/// Teaching the personal model a user's own writing from text files, without typing it.
extension PersonalModel {
    /// The sentences of a text file as ``learn(_:)`` takes them: read as ``WordCorpus`` reads a
    /// file (plain text, CoNLL-U's `# text =` lines, CoNLL's first column), each token as written
    /// and folded.
    public static func sentences(inFile path: String, typing: TypingText) throws -> [[(surface: Substring, folded: String)]] {
        let corpus = try WordCorpus(paths: [path], typingText: typing)
        return corpus.documents.flatMap(\.sentences).map { sentence in
            sentence.map { token in ((token.surface ?? token.folded)[...], token.folded) }
        }
    }

    /// Learns every sentence of a text file, then saves the model (so a run over many files that
    /// is stopped keeps every file learned before), and returns how many words it learned.
    ///
    ///     let personal = try PersonalModel(path: PersonalModel.defaultPath())
    ///     let words = try personal.learn(file: "my-letters.txt", typing: TypingText())
    @discardableResult
    public func learn(file path: String, typing: TypingText) throws -> Int {
        let before = totalCount
        for sentence in try Self.sentences(inFile: path, typing: typing) { learn(sentence) }
        try save()
        return totalCount - before
    }
}
