/// The spelling class of a token, the "case feature" that lets a tagger whose word embeddings read
/// lower-cased forms still see capitals and digits.
public enum WordShape: Int32, CaseIterable, Sendable {
    /// Letters, none upper-case: "dog".
    case lower = 0
    /// At least two letters, all upper-case: "NASA".
    case upper
    /// An upper-case first letter and no other capitals: "London", "A".
    case capitalized
    /// Capitals after the first letter as well as lower-case letters: "iPhone", "McDonald".
    case mixed
    /// Digits only: "1984".
    case number
    /// Digits with other characters: "3.14", "4th", "B2B".
    case containsDigit
    /// No letters or digits: ".", "--", "🙂".
    case symbol

    public init(of token: String) {
        var letters = 0, uppers = 0, digits = 0, others = 0
        var firstIsUpper = false
        for scalar in token.unicodeScalars {
            let properties = scalar.properties
            if properties.numericType == .decimal {
                digits += 1
            } else if properties.isAlphabetic {
                if letters == 0 { firstIsUpper = properties.isUppercase }
                letters += 1
                if properties.isUppercase { uppers += 1 }
            } else {
                others += 1
            }
        }
        if digits > 0 {
            self = letters == 0 && others == 0 ? .number : .containsDigit
        } else if letters == 0 {
            self = .symbol
        } else if uppers == 0 {
            self = .lower
        } else if uppers == letters && letters >= 2 {
            self = .upper
        } else if firstIsUpper && uppers == 1 {
            self = .capitalized
        } else {
            self = .mixed
        }
    }

    /// The form a word embedding reads: lower-cased when `lowercase`, every decimal digit replaced
    /// by "0" (so "1984" and "2025" share one entry).
    public static func normalizedForm(of token: String, lowercase: Bool) -> String {
        let base = lowercase ? token.lowercased() : token
        // ASCII without digits, most words, needs no per-scalar Unicode property lookup.
        guard base.utf8.contains(where: { $0 >= 0x80 || (0x30...0x39).contains($0) }) else { return base }
        guard base.unicodeScalars.contains(where: { $0.properties.numericType == .decimal }) else { return base }
        var result = String.UnicodeScalarView()
        for scalar in base.unicodeScalars {
            result.append(scalar.properties.numericType == .decimal ? "0" : scalar)
        }
        return String(result)
    }
}
