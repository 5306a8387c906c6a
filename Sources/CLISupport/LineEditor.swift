/// A line of text being typed, and the cursor in it: the editing a shell's prompt does
/// (readline's defaults), as a value with no terminal attached.
///
/// The cursor counts `Character`s (grapheme clusters) from the start, `0...text.count`; every
/// operation keeps it in that range, and moving or deleting steps over a whole character ("é"
/// typed as "e" plus a combining accent is one step).
///
///     var editor = LineEditor("I would like")
///     editor.deleteWordBeforeCursor()   // "I would ", cursor 8
///     editor.insert("love")             // "I would love"
public struct LineEditor: Hashable, Sendable {
    /// The whole line.
    public private(set) var text: String
    /// Where the cursor is, in `Character`s from the start of ``text``.
    public private(set) var cursor: Int

    /// A line holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    public var isEmpty: Bool { text.isEmpty }

    /// The text left of the cursor (what a predictor completes).
    public var textBeforeCursor: String { String(text[..<cursorIndex]) }

    /// The text right of the cursor.
    public var textAfterCursor: String { String(text[cursorIndex...]) }

    private var cursorIndex: String.Index {
        text.index(text.startIndex, offsetBy: cursor, limitedBy: text.endIndex) ?? text.endIndex
    }

    /// Inserts `newText` at the cursor and moves the cursor past it.
    public mutating func insert(_ newText: String) {
        setText(before: textBeforeCursor + newText, after: textAfterCursor)
    }

    /// Replaces the whole line; the cursor goes to its end (or to `cursor`, clamped).
    public mutating func replace(with newText: String, cursor newCursor: Int? = nil) {
        text = newText
        cursor = min(max(newCursor ?? Int.max, 0), text.count)
    }

    /// Replaces the text left of the cursor and puts the cursor at the end of the new text: how a
    /// suggestion applied to what was typed is accepted, keeping what follows the cursor.
    public mutating func replaceTextBeforeCursor(with newText: String) {
        setText(before: newText, after: textAfterCursor)
    }

    /// Deletes the character left of the cursor (Backspace).
    public mutating func backspace() {
        guard cursor > 0 else { return }
        let index = text.index(before: cursorIndex)
        text.remove(at: index)
        cursor = min(cursor - 1, text.count)
    }

    /// Deletes the character under the cursor (Delete, and Ctrl-D on a line that is not empty).
    public mutating func deleteForward() {
        let index = cursorIndex
        guard index < text.endIndex else { return }
        text.remove(at: index)
        cursor = min(cursor, text.count)
    }

    public mutating func moveLeft() { cursor = max(cursor - 1, 0) }
    public mutating func moveRight() { cursor = min(cursor + 1, text.count) }
    /// Home, Ctrl-A.
    public mutating func moveToStart() { cursor = 0 }
    /// End, Ctrl-E.
    public mutating func moveToEnd() { cursor = text.count }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    public mutating func deleteToStart() {
        setText(before: "", after: textAfterCursor)
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    public mutating func deleteToEnd() {
        text = textBeforeCursor
        cursor = min(cursor, text.count)
    }

    /// Deletes the word left of the cursor as readline's Ctrl-W (unix-word-rubout) does: first the
    /// spaces between the word and the cursor, then the word back to the space before it, which
    /// stays. "I would like |" becomes "I would |"; a word is anything between whitespace.
    public mutating func deleteWordBeforeCursor() {
        let before = Array(textBeforeCursor)
        var start = before.count
        while start > 0 && before[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !before[start - 1].isWhitespace { start -= 1 }
        setText(before: String(before[..<start]), after: textAfterCursor)
    }

    /// Sets the text to `before + after` with the cursor between them. (Where the two join into
    /// one character, as a combining accent after a letter does, the cursor goes after it.)
    private mutating func setText(before: String, after: String) {
        text = before + after
        cursor = min(before.count, text.count)
    }
}
