/// One key press, decoded by ``KeyDecoder`` from the bytes a terminal sends in raw mode.
///
/// Control keys that have their own names in a line editor (Tab is Ctrl-I, Enter Ctrl-M,
/// Backspace Ctrl-H) get their own cases; the other Ctrl-letters are `.control` with the letter in
/// lower case: Ctrl-U is `.control("u")`.
public enum Key: Hashable, Sendable {
    /// Printable text: one character, as one Unicode scalar (a combining mark or an emoji
    /// modifier arrives as its own key and joins the character before it once inserted in a `String`).
    case character(Character)
    /// Enter or Return (CR; a LF alone too, and a CR LF pair counts once).
    case enter
    case tab
    /// Backspace (DEL, 0x7F, or Ctrl-H, 0x08).
    case backspace
    /// The Delete key (`ESC [ 3 ~`): deletes the character under the cursor.
    case delete
    case left, right, up, down
    case home, end
    /// Ctrl and a letter, the letter in lower case: `.control("w")` for Ctrl-W (0x17).
    case control(Character)
    /// Alt (Meta) and a character, which terminals send as ESC then the character: `.alt("b")`.
    case alt(Character)
    /// Alt-1...Alt-9, or Ctrl-1...Ctrl-9 where the terminal can send them: pick suggestion `n`
    /// (1-based).
    case pickSuggestion(Int)
    /// The Escape key on its own (an ESC that no sequence followed in time).
    case escape
}
