/// How a suggested word is written: the way the user started typing it, over the way it is
/// usually written, capitalised at the start of a sentence.
///
/// - The typed prefix is kept and the rest comes from the usual form: "Tra" gives "Train".
/// - A word usually written with a capital keeps it, as phone keyboards do: "lon" gives
///   "London", "i" gives "I".
/// - A prefix of two or more capitals ("LON") gives the word in capitals ("LONDON").
/// - A next word at a sentence start gets a capital first letter ("The").
public enum SuggestionCasing {
    public static func apply(display: String, typedPrefix: String, sentenceStart: Bool) -> String {
        if typedPrefix.isEmpty {
            guard sentenceStart, let first = display.first else { return display }
            return first.uppercased() + display.dropFirst()
        }
        let letters = typedPrefix.filter(\.isLetter)
        if letters.count >= 2 && letters.allSatisfy(\.isUppercase) { return display.uppercased() }
        let prefixCount = typedPrefix.count
        guard display.count >= prefixCount, WordForm.folded(display.prefix(prefixCount)) == WordForm.folded(typedPrefix) else {
            return display
        }
        if display.first?.isUppercase == true && !letters.contains(where: \.isUppercase) { return display }
        return typedPrefix + display.dropFirst(prefixCount)
    }
}
