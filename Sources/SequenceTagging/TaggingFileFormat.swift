import Foundation

/// How a tagged file is read: CoNLL-U with a chosen column, or a CoNLL column file.
public enum TaggingFileFormat: Hashable, Sendable {
    case conllu(CoNLLUColumn)
    case conll(CoNLLFormat)

    /// The format for `path` from the command line's `--format` (`conllu`, `conll`, or nil to
    /// decide by the file) and `--column` (`upos`, `xpos`, `ner`, a column number, or nil).
    ///
    /// Without `--format`, a `.conllu` file is CoNLL-U; any other file is CoNLL, laid out as
    /// Universal NER (`id token tag …`, tag in column 3) when its first token line starts with
    /// the number 1 and a tab, else token first and tag last (WNUT-17, CoNLL-2003). For CoNLL-U,
    /// the column defaults to UPOS; for CoNLL, `ner` or nil keeps the layout's tag column and a
    /// number picks one.
    public static func resolve(path: String, format: String?, column: String?) throws -> TaggingFileFormat {
        let name = format?.lowercased() ?? (path.lowercased().hasSuffix(".conllu") ? "conllu" : "conll")
        let base: TaggingFileFormat
        switch name {
        case "conllu": base = .conllu(.upos)
        case "conll": base = .conll(defaultLayout(of: path))
        default: throw DataFormatError(file: path, line: nil, problem: "unknown format '\(format ?? "")' (use conllu or conll)")
        }
        return try column.map { try base.readingColumn($0, of: path) } ?? base
    }

    /// This format with the tag column `column`, spelled as for `--column` (`upos`, `xpos` or a
    /// number for CoNLL-U; `ner` for the layout's own tag column or a number for CoNLL): the same
    /// file read for another column, as an auxiliary column is. `option` names the flag in errors.
    public func readingColumn(_ column: String, of path: String, option: String = "--column") throws -> TaggingFileFormat {
        switch self {
        case .conllu:
            guard let parsed = CoNLLUColumn(name: column) else {
                throw DataFormatError(file: path, line: nil, problem: "\(option) \(column) is not a CoNLL-U column (upos, xpos, or a number 1-10)")
            }
            return .conllu(parsed)
        case .conll(var layout):
            if column.lowercased() == "ner" {
                layout.tagColumn = Self.defaultLayout(of: path).tagColumn
            } else {
                guard let number = Int(column), number >= 1 else {
                    throw DataFormatError(file: path, line: nil, problem: "\(option) \(column) is not a column number (or ner) for a CoNLL file")
                }
                layout.tagColumn = .number(number)
            }
            return .conll(layout)
        }
    }

    /// The CoNLL layout of `path`: Universal NER's when its first token line starts with `1<TAB>`,
    /// else token first and tag last.
    static func defaultLayout(of path: String) -> CoNLLFormat {
        sniffsUniversalNER(path) ? .universalNER : .tokenAndTag
    }

    /// The tag column as `--column` spells it, the same for every file of this kind: a CoNLL-U
    /// column's name in lower case ("upos", "xpos"), a CoNLL column's number, or "ner" for a CoNLL
    /// layout's last column.
    var columnSpelling: String {
        switch self {
        case .conllu(let column): column.name.lowercased()
        case .conll(let layout):
            if case .number(let number) = layout.tagColumn { String(number) } else { "ner" }
        }
    }

    /// The tag column in a message: "XPOS (column 5)", "column 3", "the last column".
    var columnDescription: String {
        switch self {
        case .conllu(let column): column.description
        case .conll(let layout):
            if case .number(let number) = layout.tagColumn { "column \(number)" } else { "the last column" }
        }
    }

    /// What the tag column holds, as a short lower-case name: "upos", "xpos", or "tag".
    var tagName: String {
        if case .conllu(let column) = self, column == .upos || column == .xpos { return column == .upos ? "upos" : "xpos" }
        return "tag"
    }

    /// Whether the file's first line that is not blank or a `#` comment starts with `1<TAB>`.
    static func sniffsUniversalNER(_ path: String) -> Bool {
        // (A file that cannot be read, a folder say, is left for the reader to report.)
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 1 << 16) else { return false }
        let head = String(decoding: bytes, as: UTF8.self)
        for line in head.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            return line.hasPrefix("1\t")
        }
        return false
    }

    /// A streaming reader of `path` in this format; `withTags` false reads tokens only.
    public func reader(path: String, withTags: Bool = true) throws -> any TaggedSentenceReader {
        switch self {
        case .conllu(let column):
            return try CoNLLUReader(path: path, tagColumn: withTags ? column : nil)
        case .conll(var layout):
            if !withTags { layout.tagColumn = .none }
            return try CoNLLReader(path: path, format: layout)
        }
    }

    /// Every sentence of `path` (sentences without tokens left out).
    public func readAll(path: String, withTags: Bool = true) throws -> [TaggedSentence] {
        var reader = try reader(path: path, withTags: withTags)
        return try reader.readAll().filter { !$0.tokens.isEmpty }
    }
}
