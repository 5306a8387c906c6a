import Foundation

/// How `tagger annotate` prints tagged sentences.
public enum AnnotationFormat: String, Sendable, CaseIterable {
    /// CoNLL-U: the first plain-tag layer in UPOS (or XPOS when it is named so), every other layer
    /// and the offsets in MISC (`TokenRange=0:5`, `NER=B-PER`, `SpaceAfter=No`).
    case conllu
    /// One token per line: the token, then each layer's tag, tab-separated; a blank line after each
    /// sentence (what `tagger evaluate` and conlleval read).
    case conll
    /// One sentence per line: `token/TAG` (`token/TAG1/TAG2` with two models).
    case inline
    /// One JSON object per sentence: text, offsets, tokens with their tags, and entity spans.
    case jsonl
}

/// Formats ``AnnotatedSentence``s. Alternatives (when asked for) print as `TAG:0.981|OTHER:0.012`
/// in an extra column (CoNLL), in MISC (`UposAlternatives=...`), after the tag (inline), or as
/// `[tag, probability]` lists (JSON). Probabilities have three decimals.
public struct AnnotationWriter: Sendable {
    public let format: AnnotationFormat

    public init(format: AnnotationFormat) {
        self.format = format
    }

    /// The sentence, `number` (1-based) counting sentences in the output, ending with a line feed
    /// (CoNLL and CoNLL-U: with the blank line after it).
    public func format(_ sentence: AnnotatedSentence, number: Int) -> String {
        switch format {
        case .conllu: conllu(sentence, number: number)
        case .conll: conll(sentence)
        case .inline: inline(sentence)
        case .jsonl: json(sentence)
        }
    }

    static func alternativesText(_ hypotheses: [TagHypothesis]) -> String {
        hypotheses.map { "\($0.tag):\(probability($0.probability))" }.joined(separator: "|")
    }

    /// Three decimals, no exponent: "0.981", "1.000", "0.000".
    static func probability(_ value: Float) -> String {
        let thousandths = Int((Double(min(max(value, 0), 1)) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private func conll(_ sentence: AnnotatedSentence) -> String {
        var text = ""
        for (i, token) in sentence.tokens.enumerated() {
            text += Self.clean(token)
            for layer in sentence.layers {
                text += "\t" + layer.tags[i]
                if !layer.alternatives.isEmpty { text += "\t" + Self.alternativesText(layer.alternatives[i]) }
            }
            text += "\n"
        }
        return text + "\n"
    }

    private func inline(_ sentence: AnnotatedSentence) -> String {
        var words: [String] = []
        for (i, token) in sentence.tokens.enumerated() {
            var word = Self.clean(token)
            for layer in sentence.layers {
                word += "/" + (layer.alternatives.isEmpty ? layer.tags[i] : Self.alternativesText(layer.alternatives[i]))
            }
            words.append(word)
        }
        return words.joined(separator: " ") + "\n"
    }

    private func conllu(_ sentence: AnnotatedSentence, number: Int) -> String {
        var text = "# sent_id = \(number)\n"
        let sentenceText = sentence.text ?? zip(sentence.tokens, sentence.spaceAfter).map { $0 + ($1 ? " " : "") }.joined()
        text += "# text = " + Self.clean(sentenceText).trimmingTrailingSpaces() + "\n"
        let uposLayer = sentence.layers.firstIndex { $0.scheme == nil && $0.name != "xpos" }
        let xposLayer = sentence.layers.firstIndex { $0.scheme == nil && $0.name == "xpos" }
        for (i, token) in sentence.tokens.enumerated() {
            var misc: [String] = []
            if let offsets = sentence.tokenOffsets { misc.append("TokenRange=\(offsets[i].lowerBound):\(offsets[i].upperBound)") }
            if !sentence.spaceAfter[i] && i + 1 < sentence.tokens.count { misc.append("SpaceAfter=No") }
            for (index, layer) in sentence.layers.enumerated() {
                let key = layer.name.prefix(1).uppercased() + layer.name.dropFirst()
                if index != uposLayer && index != xposLayer { misc.append("\(key)=\(layer.tags[i])") }
                if !layer.alternatives.isEmpty { misc.append("\(key)Alternatives=" + Self.alternativesText(layer.alternatives[i]).replacingPipes()) }
            }
            let columns = [
                String(i + 1), Self.clean(token), "_",
                uposLayer.map { sentence.layers[$0].tags[i] } ?? "_",
                xposLayer.map { sentence.layers[$0].tags[i] } ?? "_",
                "_", "_", "_", "_",
                misc.isEmpty ? "_" : misc.joined(separator: "|"),
            ]
            text += columns.joined(separator: "\t") + "\n"
        }
        return text + "\n"
    }

    private func json(_ sentence: AnnotatedSentence) -> String {
        var fields: [String] = []
        if let text = sentence.text { fields.append("\"text\":" + Self.jsonString(text)) }
        if let offsets = sentence.tokenOffsets, let first = offsets.first, let last = offsets.last {
            fields.append("\"start\":\(first.lowerBound),\"end\":\(last.upperBound)")
        }
        var tokens: [String] = []
        for (i, token) in sentence.tokens.enumerated() {
            var tokenFields = ["\"text\":" + Self.jsonString(token)]
            if let offsets = sentence.tokenOffsets {
                tokenFields.append("\"start\":\(offsets[i].lowerBound),\"end\":\(offsets[i].upperBound)")
            }
            for layer in sentence.layers {
                tokenFields.append(Self.jsonString(layer.name) + ":" + Self.jsonString(layer.tags[i]))
                if !layer.alternatives.isEmpty {
                    let list = layer.alternatives[i].map { "[" + Self.jsonString($0.tag) + "," + Self.probability($0.probability) + "]" }
                    tokenFields.append(Self.jsonString(layer.name + "_alternatives") + ":[" + list.joined(separator: ",") + "]")
                }
            }
            tokens.append("{" + tokenFields.joined(separator: ",") + "}")
        }
        fields.append("\"tokens\":[" + tokens.joined(separator: ",") + "]")
        // The sentence's scalars, to cut each entity's text out of it (its offsets start at the
        // first token's).
        let scalars = sentence.tokenOffsets != nil ? sentence.text.map { Array($0.unicodeScalars) } : nil
        for layer in sentence.layers {
            guard let scheme = layer.scheme, let spans = try? scheme.spans(in: layer.tags) else { continue }
            let entities = spans.map { span -> String in
                var entity = ["\"type\":" + Self.jsonString(span.type)]
                let words = sentence.tokens[span.range]
                let text: String
                if let offsets = sentence.tokenOffsets, let scalars, let base = offsets.first?.lowerBound {
                    let lower = offsets[span.range.lowerBound].lowerBound - base, upper = offsets[span.range.upperBound - 1].upperBound - base
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[lower..<upper])
                    text = String(view)
                    entity.append("\"start\":\(lower + base),\"end\":\(upper + base)")
                } else {
                    text = words.joined(separator: " ")
                }
                entity.insert("\"text\":" + Self.jsonString(text), at: 0)
                entity.append("\"tokens\":[\(span.range.lowerBound),\(span.range.upperBound)]")
                return "{" + entity.joined(separator: ",") + "}"
            }
            fields.append(Self.jsonString(layer.name == "ner" ? "entities" : layer.name + "_entities") + ":[" + entities.joined(separator: ",") + "]")
        }
        return "{" + fields.joined(separator: ",") + "}\n"
    }

    /// Tabs and line breaks inside a token would break the column formats: they become spaces.
    static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last?.isWhitespace == true { result.removeLast() }
        return result
    }

    /// CoNLL-U's MISC separates its items with `|`: alternatives use `,` there.
    func replacingPipes() -> String { replacingOccurrences(of: "|", with: ",") }
}
