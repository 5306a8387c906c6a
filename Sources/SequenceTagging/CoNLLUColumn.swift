/// One of the ten CoNLL-U columns, numbered from 1:
/// ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC.
public struct CoNLLUColumn: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based column number, 1...10.
    public let number: Int

    static let names = ["ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"]

    /// The column with this 1-based number, or `nil` outside 1...10.
    public init?(number: Int) {
        guard (1...10).contains(number) else { return nil }
        self.number = number
    }

    /// Parses a column given by name (`upos`, `xpos`, any column name, case-insensitive) or by
    /// 1-based number (`4`); `nil` if it is neither.
    public init?(name: String) {
        if let number = FieldSplitting.parseDigits(name) {
            self.init(number: number)
        } else if let index = Self.names.firstIndex(of: name.uppercased()) {
            self.init(validNumber: index + 1)
        } else {
            return nil
        }
    }

    private init(validNumber: Int) {
        self.number = validNumber
    }

    public static let id = CoNLLUColumn(validNumber: 1)
    public static let form = CoNLLUColumn(validNumber: 2)
    public static let lemma = CoNLLUColumn(validNumber: 3)
    /// Universal part-of-speech tag (column 4).
    public static let upos = CoNLLUColumn(validNumber: 4)
    /// Language-specific part-of-speech tag (column 5); PTB tags in UD English-EWT.
    public static let xpos = CoNLLUColumn(validNumber: 5)
    public static let feats = CoNLLUColumn(validNumber: 6)
    public static let head = CoNLLUColumn(validNumber: 7)
    public static let deprel = CoNLLUColumn(validNumber: 8)
    public static let deps = CoNLLUColumn(validNumber: 9)
    public static let misc = CoNLLUColumn(validNumber: 10)

    /// The column's name in capitals, e.g. `UPOS`.
    public var name: String { Self.names[number - 1] }

    /// E.g. `UPOS (column 4)`.
    public var description: String { "\(name) (column \(number))" }
}
