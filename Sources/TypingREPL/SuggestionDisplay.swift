import CLISupport

/// What the REPL draws, as text and escape sequences: the line being typed (line 1) and the
/// suggestion strip under it (line 2), each kept one column short of the terminal's width so
/// that neither ever wraps, and the cursor left on line 1 where the editor's cursor is.
///
/// A redraw rewrites both lines in place, each followed by "clear to end of line", in one write:
/// nothing is erased before it is redrawn, so nothing flickers.
enum SuggestionDisplay {
    static let escape = "\u{1B}["
    /// From line 1's start: clears both lines (and anything below).
    static let clearFromLineStart = "\r\u{1B}[J"
    /// Clears the screen and goes to its top-left corner (Ctrl-L).
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    /// Redraws line 1 and line 2 from anywhere on line 1, and puts the cursor back on line 1.
    static func frame(prompt: String, before: String, after: String, strip: String, columns: Int) -> String {
        let promptColumns = DisplayWidth.columns(of: prompt)
        let (shown, cursorColumn) = visibleLine(before: before, after: after,
                                                columns: max(columns - 1 - promptColumns, 1))
        var frame = "\r" + prompt + shown + escape + "K\r\n" + strip + escape + "K" + escape + "1A\r"
        let column = promptColumns + cursorColumn
        if column > 0 { frame += escape + "\(column)C" }
        return frame
    }

    /// The part of a line that fits in `columns` with the cursor visible, and the cursor's column
    /// in it. A line that fits is shown whole; a longer one shows the text just before the cursor
    /// (leaving a column for the cursor itself) and as much after it as fits.
    static func visibleLine(before: String, after: String, columns: Int) -> (text: String, cursorColumn: Int) {
        let beforeColumns = DisplayWidth.columns(of: before)
        if beforeColumns + DisplayWidth.columns(of: after) <= columns { return (before + after, beforeColumns) }
        var shownBefore: [Character] = []
        var used = 0
        for character in before.reversed() {
            let width = DisplayWidth.columns(of: character)
            if used + width > columns - 1 { break }
            shownBefore.append(character)
            used += width
        }
        let cursorColumn = used
        var shown = String(shownBefore.reversed())
        for character in after {
            let width = DisplayWidth.columns(of: character)
            if used + width > columns { break }
            shown.append(character)
            used += width
        }
        return (shown, cursorColumn)
    }

    /// The suggestion strip: `1 the   2 a   3 this`, the numbers dim, "(private)" first in private
    /// mode, cut to `columns`.
    static func strip(suggestions: [String], isPrivate: Bool, columns: Int) -> String {
        var segments: [(text: String, isDim: Bool)] = []
        if isPrivate { segments += [("(private)", true), ("  ", false)] }
        for (index, suggestion) in suggestions.enumerated() {
            if index > 0 { segments.append(("   ", false)) }
            segments += [("\(index + 1)", true), (" " + displayable(suggestion), false)]
        }
        return styled(segments, columns: columns)
    }

    /// The strip while a command is typed: the commands, dim.
    static func commandStrip(columns: Int) -> String {
        styled([(REPLCommand.summary, true)], columns: columns)
    }

    /// Segments joined, dim ones between SGR 2 and 22, cut after `columns` columns.
    static func styled(_ segments: [(text: String, isDim: Bool)], columns: Int) -> String {
        var result = ""
        var used = 0
        for segment in segments {
            var piece = ""
            var isCut = false
            for character in segment.text {
                let width = DisplayWidth.columns(of: character)
                if used + width > columns {
                    isCut = true
                    break
                }
                piece.append(character)
                used += width
            }
            if !piece.isEmpty { result += segment.isDim ? escape + "2m" + piece + escape + "22m" : piece }
            if isCut { break }
        }
        return result
    }

    /// `text` safe to print on one line: tabs and line breaks become spaces, other control
    /// characters (an escape sequence's ESC above all) are dropped.
    static func displayable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: scalars.append(" ")
            case 0..<0x20, 0x7F...0x9F: break
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
