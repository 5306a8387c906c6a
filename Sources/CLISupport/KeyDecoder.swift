/// Turns the bytes a terminal sends in raw mode into ``Key``s, incrementally: feed each read to
/// ``decode(_:)``; a UTF-8 character or an escape sequence split across reads is completed by the
/// next one.
///
///     var decoder = KeyDecoder()
///     decoder.decode(Array("h\u{1B}[".utf8))   // [.character("h")]; "ESC [" waits
///     decoder.decode(Array("D\u{E2}\u{82}".utf8))   // [.left]; two bytes of "€" wait
///     decoder.decode([0xAC])                   // [.character("€")]
///
/// What it understands:
/// - printable ASCII and UTF-8 text (invalid or stray bytes are dropped, never a trap; C0 and C1
///   control characters never come out as text);
/// - CR or LF as Enter (a CR LF pair once), Tab, DEL and Ctrl-H as Backspace, the other
///   Ctrl-letters as `.control`;
/// - `ESC [` sequences (CSI): arrows `A B C D` (with or without modifiers: `ESC [ 1 ; 5 C` is Right),
///   Home (`H`, `1~`, `7~`), End (`F`, `4~`, `8~`), Delete (`3~`); xterm's modifyOtherKeys form
///   `ESC [ 27 ; modifier ; code ~` and the kitty / CSI-u form `ESC [ code ; modifier u`;
///   `ESC O` sequences (SS3) for arrows, Home and End;
/// - ESC then a character as Alt+character, and Alt-1...9 or Ctrl-1...9 (in the two extended forms)
///   as `.pickSuggestion`.
///
/// Any other escape sequence (function keys, Page Up, focus or mouse reports) is swallowed whole.
/// A lone ESC cannot be told from the start of a sequence until more bytes come: when
/// ``isAwaitingEscapeSequence`` is true and no byte arrives within a short time (50 ms is usual),
/// call ``flush()``, which gives the Escape key.
public struct KeyDecoder: Sendable {
    private enum State: Equatable, Sendable {
        case ground
        /// After ESC.
        case escape
        /// After `ESC [`, collecting parameter and intermediate bytes.
        case controlSequence([UInt8])
        /// Inside a control sequence too long to be a key: swallowed up to its final byte.
        case overlongControlSequence
        /// After `ESC [ [` (the Linux console's F1-F5): one more byte ends it.
        case linuxFunctionKey
        /// After `ESC O`: one more byte ends it.
        case singleShift
    }

    /// The longest parameter string of a key; a longer sequence is swallowed whole.
    private static let maximumParameterBytes = 64

    private var state = State.ground
    /// The bytes of a multi-byte UTF-8 character read so far, and how many it needs.
    private var pendingUTF8: [UInt8] = []
    private var expectedUTF8Count = 0
    /// Whether the character being assembled followed an ESC (then it is Alt+character).
    private var pendingUTF8IsAlt = false
    /// Whether the last byte was a CR (a LF right after it is the same Enter).
    private var lastWasCarriageReturn = false

    public init() {}

    /// Whether an ESC or an unfinished escape sequence is waiting for more bytes: when none comes
    /// soon, ``flush()`` settles it.
    public var isAwaitingEscapeSequence: Bool {
        state != .ground || (expectedUTF8Count > 0 && pendingUTF8IsAlt)
    }

    /// The keys that `bytes` complete, in order.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        var keys: [Key] = []
        for byte in bytes {
            let followsCarriageReturn = lastWasCarriageReturn
            lastWasCarriageReturn = false
            if byte == 0x0A && followsCarriageReturn && state == .ground && expectedUTF8Count == 0 { continue }
            feed(byte, into: &keys)
            lastWasCarriageReturn = byte == 0x0D && state == .ground
        }
        return keys
    }

    /// Settles whatever waits when no more bytes come: a lone ESC is the Escape key; an unfinished
    /// escape sequence or UTF-8 character is dropped.
    public mutating func flush() -> [Key] {
        let wasLoneEscape = state == .escape && expectedUTF8Count == 0
        state = .ground
        resetUTF8()
        return wasLoneEscape ? [.escape] : []
    }

    private mutating func feed(_ byte: UInt8, into keys: inout [Key]) {
        if expectedUTF8Count > 0 {
            if Self.isValidContinuation(byte, after: pendingUTF8) {
                pendingUTF8.append(byte)
                if pendingUTF8.count == expectedUTF8Count { finishUTF8(into: &keys) }
                return
            }
            resetUTF8()   // an invalid sequence: drop it, and read this byte afresh
        }
        switch state {
        case .ground:
            ground(byte, into: &keys)
        case .escape:
            state = .ground
            switch byte {
            case UInt8(ascii: "["): state = .controlSequence([])
            case UInt8(ascii: "O"): state = .singleShift
            case 0x1B:
                keys.append(.escape)   // ESC ESC: the first was the Escape key
                state = .escape
            case UInt8(ascii: "1")...UInt8(ascii: "9"):
                keys.append(.pickSuggestion(Int(byte) - 0x30))
            case 0x20..<0x7F:
                keys.append(.alt(Character(Unicode.Scalar(byte))))
            case 0xC2...0xF4:
                startUTF8(byte, isAlt: true)
            default:
                keys.append(.escape)   // ESC then a control byte: the Escape key, then that byte
                ground(byte, into: &keys)
            }
        case var .controlSequence(parameters):
            switch byte {
            case UInt8(ascii: "[") where parameters.isEmpty:
                state = .linuxFunctionKey
            case 0x20...0x3F:
                parameters.append(byte)
                state = parameters.count <= Self.maximumParameterBytes ? .controlSequence(parameters) : .overlongControlSequence
            case 0x40...0x7E:
                state = .ground
                if let key = Self.controlSequenceKey(parameters: parameters, final: byte) { keys.append(key) }
            default:
                state = .ground   // not part of a sequence: the sequence so far is dropped
                ground(byte, into: &keys)
            }
        case .overlongControlSequence:
            switch byte {
            case 0x20...0x3F: break
            case 0x40...0x7E: state = .ground
            default:
                state = .ground
                ground(byte, into: &keys)
            }
        case .linuxFunctionKey:
            state = .ground
            if !(0x40...0x7E).contains(byte) { ground(byte, into: &keys) }
        case .singleShift:
            state = .ground
            switch byte {
            case UInt8(ascii: "A"): keys.append(.up)
            case UInt8(ascii: "B"): keys.append(.down)
            case UInt8(ascii: "C"): keys.append(.right)
            case UInt8(ascii: "D"): keys.append(.left)
            case UInt8(ascii: "H"): keys.append(.home)
            case UInt8(ascii: "F"): keys.append(.end)
            case 0x20...0x7E: break   // F1-F4 and keypad keys: swallowed
            default: ground(byte, into: &keys)
            }
        }
    }

    /// A byte outside any escape sequence.
    private mutating func ground(_ byte: UInt8, into keys: inout [Key]) {
        switch byte {
        case 0x1B: state = .escape
        case 0x0D, 0x0A: keys.append(.enter)
        case 0x09: keys.append(.tab)
        case 0x7F, 0x08: keys.append(.backspace)
        case 0x01...0x1A: keys.append(.control(Character(Unicode.Scalar(byte + 0x60))))
        case 0x20..<0x7F: keys.append(.character(Character(Unicode.Scalar(byte))))
        case 0xC2...0xF4: startUTF8(byte, isAlt: false)
        default: break   // NUL, Ctrl-\ ] ^ _, stray continuation bytes, bytes UTF-8 never uses
        }
    }

    private mutating func startUTF8(_ lead: UInt8, isAlt: Bool) {
        pendingUTF8 = [lead]
        expectedUTF8Count = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        pendingUTF8IsAlt = isAlt
    }

    private mutating func resetUTF8() {
        pendingUTF8 = []
        expectedUTF8Count = 0
        pendingUTF8IsAlt = false
    }

    private mutating func finishUTF8(into keys: inout [Key]) {
        var value: UInt32 = UInt32(pendingUTF8[0]) & (expectedUTF8Count == 2 ? 0x1F : expectedUTF8Count == 3 ? 0x0F : 0x07)
        for byte in pendingUTF8.dropFirst() { value = value << 6 | UInt32(byte & 0x3F) }
        let isAlt = pendingUTF8IsAlt
        resetUTF8()
        guard let scalar = Unicode.Scalar(value), !(0x80...0x9F).contains(value) else { return }   // C1 controls are not text
        keys.append(isAlt ? .alt(Character(scalar)) : .character(Character(scalar)))
    }

    /// Whether `byte` may follow `pending` (the lead byte and any continuation bytes so far) in
    /// well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
    private static func isValidContinuation(_ byte: UInt8, after pending: [UInt8]) -> Bool {
        if pending.count == 1 {
            switch pending[0] {
            case 0xE0: return (0xA0...0xBF).contains(byte)
            case 0xED: return (0x80...0x9F).contains(byte)
            case 0xF0: return (0x90...0xBF).contains(byte)
            case 0xF4: return (0x80...0x8F).contains(byte)
            default: break
            }
        }
        return (0x80...0xBF).contains(byte)
    }

    /// The key a complete `ESC [ parameters final` sequence stands for, or nil to swallow it.
    private static func controlSequenceKey(parameters: [UInt8], final: UInt8) -> Key? {
        // Private markers (< = > ?) start reports, not keys; intermediate bytes mean other functions.
        if let first = parameters.first, (0x3C...0x3F).contains(first) { return nil }
        if parameters.contains(where: { $0 < 0x30 }) { return nil }
        // "27;5;49" -> [27, 5, 49]; a kitty sub-parameter ("97:65") counts by its first number.
        let numbers = parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { field in
            Int(String(decoding: field.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self))
        }
        func number(_ index: Int) -> Int? { index < numbers.count ? numbers[index] : nil }
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch number(0) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 27:   // xterm modifyOtherKeys: ESC [ 27 ; modifier ; code ~
                guard let modifier = number(1), let code = number(2) else { return nil }
                return modifiedKey(code: code, modifier: modifier)
            default: return nil
            }
        case UInt8(ascii: "u"):   // kitty / fixterms: ESC [ code ; modifier u
            guard let code = number(0) else { return nil }
            return modifiedKey(code: code, modifier: number(1) ?? 1)
        default:
            return nil
        }
    }

    /// A key sent with its modifiers spelled out: `code` a Unicode scalar value, `modifier` 1 plus
    /// the sum of Shift 1, Alt 2, Ctrl 4 (and others we ignore).
    private static func modifiedKey(code: Int, modifier: Int) -> Key? {
        let bits = max(0, modifier - 1)
        let alt = bits & 2 != 0, control = bits & 4 != 0
        switch code {
        case 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return .escape
        case 0x31...0x39 where alt || control: return .pickSuggestion(code - 0x30)
        default: break
        }
        // Printable scalars only: not controls, not surrogates, not kitty's private-use key codes.
        guard code >= 0x20, code <= 0x10FFFF, code != 0x7F, !(0x80...0x9F).contains(code),
              !(0xE000...0xF8FF).contains(code), let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        if control {
            guard (0x41...0x5A).contains(code) || (0x61...0x7A).contains(code) else { return nil }
            return .control(Character(Unicode.Scalar(UInt8(code | 0x20))))
        }
        return alt ? .alt(Character(scalar)) : .character(Character(scalar))
    }
}
