import CLISupport

/// A tiny terminal emulator for the sequences the REPL writes (CR, LF, `ESC [ K`, `ESC [ J`,
/// `ESC [ 2 J`, `ESC [ H`, `ESC [ n A`, `ESC [ n C`, SGR ignored), so tests can check what a user
/// would see: the rows of the screen and where the cursor is.
struct TerminalScreen {
    let width: Int
    let height: Int
    /// Cells, one Character each; a wide character's second cell is "".
    private var cells: [[String]]
    private(set) var row = 0
    private(set) var column = 0

    init(width: Int, height: Int = 12) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The rows as text, trailing spaces cut, trailing empty rows dropped.
    var lines: [String] {
        var lines = cells.map { row -> String in
            var line = row.joined()
            while line.last == " " { line.removeLast() }
            return line
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Row `index`, or "" past the last one written.
    func line(_ index: Int) -> String {
        index < lines.count ? lines[index] : ""
    }

    mutating func feed(_ output: String) {
        var characters = output[...]
        while let character = characters.popFirst() {
            switch character {
            case "\r": column = 0
            case "\n": lineFeed()
            case "\r\n":
                column = 0
                lineFeed()
            case "\u{1B}":
                guard characters.first == "[" else { continue }
                characters.removeFirst()
                let parameters = characters.prefix { !$0.isLetter && $0 != "~" }
                characters.removeFirst(parameters.count)
                guard let final = characters.popFirst() else { return }
                control(String(parameters), final)
            default:
                put(character)
            }
        }
    }

    private mutating func put(_ character: Character) {
        let columns = DisplayWidth.columns(of: character)
        if columns == 0 {
            if column > 0 { cells[row][column - 1] += String(character) }
            return
        }
        if column + columns > width {
            column = 0
            lineFeed()
        }
        cells[row][column] = String(character)
        if columns == 2 { cells[row][column + 1] = "" }
        column += columns
    }

    private mutating func lineFeed() {
        if row == height - 1 {
            cells.removeFirst()
            cells.append(Array(repeating: " ", count: width))
        } else {
            row += 1
        }
    }

    private mutating func control(_ parameters: String, _ final: Character) {
        let count = Int(parameters) ?? 1
        switch final {
        case "K": clear(row: row, from: column)
        case "J":
            if parameters == "2" {
                for index in 0..<height { clear(row: index, from: 0) }
            } else {
                clear(row: row, from: column)
                for index in (row + 1)..<height { clear(row: index, from: 0) }
            }
        case "H": (row, column) = (0, 0)
        case "A": row = max(row - count, 0)
        case "C": column = min(column + count, width - 1)
        default: break   // SGR and the rest: no effect on the text
        }
    }

    private mutating func clear(row: Int, from start: Int) {
        for index in min(start, width)..<width { cells[row][index] = " " }
    }
}
