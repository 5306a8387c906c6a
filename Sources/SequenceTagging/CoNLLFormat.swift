/// How a column-based CoNLL file (one token per line, blank lines between sentences) is laid out:
/// which column holds the token, which the tag, how columns are separated, and which lines are
/// not tokens. Columns are numbered from 1.
///
/// Presets:
/// - ``tokenAndTag``: token in column 1, tag in the last column, tabs or spaces. Fits WNUT-17
///   (`token<TAB>tag`) and CoNLL-2003 (`token POS chunk NER`, space-separated).
/// - ``universalNER``: UNER files (`id<TAB>token<TAB>IOB2-tag<TAB>-<TAB>annotator`, `#` comments):
///   token in column 2, tag in column 3.
public struct CoNLLFormat: Hashable, Sendable {
    /// Which column holds the tag.
    public enum TagColumn: Hashable, Sendable {
        /// The last column of each line (which must come after the token column).
        case last
        /// A fixed 1-based column number.
        case number(Int)
        /// No tags are read; ``TaggedSentence/tags`` stays empty (input to annotate).
        case none
    }

    /// How a line is split into columns. Trailing spaces and tabs are ignored in every mode.
    public enum Separator: Hashable, Sendable {
        /// A line containing a tab is split at every tab (so tokens may contain spaces);
        /// otherwise it is split at runs of spaces.
        case automatic
        /// Split at every tab; empty columns count.
        case tab
        /// Split at runs of spaces and tabs.
        case whitespace
    }

    /// The 1-based column of the token.
    public var tokenColumn: Int
    public var tagColumn: TagColumn
    public var separator: Separator
    /// Lines starting with this prefix before a sentence's first token are comments (kept in
    /// ``TaggedSentence/comments``); `nil` means no comment lines, as in WNUT-17, where tokens may
    /// start with `#`.
    public var commentPrefix: String?
    /// A line whose first column equals this marker (default `-DOCSTART-`) ends the current
    /// sentence and is otherwise ignored; `nil` turns the rule off.
    public var documentStartMarker: String?

    public init(
        tokenColumn: Int = 1,
        tagColumn: TagColumn = .last,
        separator: Separator = .automatic,
        commentPrefix: String? = nil,
        documentStartMarker: String? = "-DOCSTART-"
    ) {
        self.tokenColumn = tokenColumn
        self.tagColumn = tagColumn
        self.separator = separator
        self.commentPrefix = commentPrefix
        self.documentStartMarker = documentStartMarker
    }

    /// Token in column 1, tag in the last column, tab- or space-separated (WNUT-17, CoNLL-2003).
    public static let tokenAndTag = CoNLLFormat()

    /// Universal NER (UNER) files: token in column 2, tag in column 3, tab-separated, `#` comments
    /// (`# sent_id = …`, `# text = …`).
    public static let universalNER = CoNLLFormat(
        tokenColumn: 2, tagColumn: .number(3), separator: .tab, commentPrefix: "#")
}
