import Testing
@testable import CLISupport

@Suite struct KeyDecoderTests {
    /// Decodes `text`'s bytes in one read, then settles what waits.
    func keys(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(Array(text.utf8)) + decoder.flush()
    }

    func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(bytes) + decoder.flush()
    }

    @Test func printableTextComesOutOneCharacterAKey() {
        #expect(keys("Hi there!") == "Hi there!".map { .character($0) })
        #expect(keys("né 日本 🐳") == ["n", "é", " ", "日", "本", " ", "🐳"].map { .character($0) })
        // A combining accent is its own key; a String joins it to the letter before it.
        #expect(keys("e\u{301}") == [.character("e"), .character("\u{301}")])
    }

    @Test func enterIsCarriageReturnOrLineFeedAndAPairCountsOnce() {
        #expect(keys("a\r") == [.character("a"), .enter])
        #expect(keys("a\n") == [.character("a"), .enter])
        #expect(keys("a\r\nb") == [.character("a"), .enter, .character("b")])
        #expect(keys("\r\r") == [.enter, .enter])
        #expect(keys("\n\n") == [.enter, .enter])
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x0D]) == [.enter])
        #expect(decoder.decode([0x0A]) == [], "a LF in the next read still completes the CR LF pair")
    }

    @Test func tabBackspaceAndDelete() {
        #expect(keys("\t") == [.tab])
        #expect(keys([0x7F, 0x08]) == [.backspace, .backspace])
        #expect(keys("\u{1B}[3~") == [.delete])
    }

    @Test func arrowsInBothCursorKeyModesAndWithModifiers() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(keys("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD") == [.up, .down, .right, .left])
        #expect(keys("\u{1B}[1;5C\u{1B}[1;3D") == [.right, .left])
    }

    @Test func homeAndEndInTheirSeveralEncodings() {
        #expect(keys("\u{1B}[H\u{1B}OH\u{1B}[1~\u{1B}[7~") == [.home, .home, .home, .home])
        #expect(keys("\u{1B}[F\u{1B}OF\u{1B}[4~\u{1B}[8~") == [.end, .end, .end, .end])
    }

    @Test func controlLettersAreNamedByTheirLetter() {
        let bytes: [UInt8] = [0x01, 0x05, 0x15, 0x17, 0x0B, 0x0C, 0x03, 0x04]
        #expect(keys(bytes) == ["a", "e", "u", "w", "k", "l", "c", "d"].map { .control($0) })
        // NUL and Ctrl-\ ] ^ _ are no keys.
        #expect(keys([0x00, 0x1C, 0x1D, 0x1E, 0x1F]) == [])
    }

    @Test func escapeThenACharacterIsAlt() {
        #expect(keys("\u{1B}b\u{1B}F") == [.alt("b"), .alt("F")])
        #expect(keys("\u{1B}é") == [.alt("é")])
        #expect(keys("\u{1B}0") == [.alt("0")])
    }

    @Test func altDigitsPickSuggestions() {
        #expect(keys("\u{1B}1\u{1B}2\u{1B}3") == [.pickSuggestion(1), .pickSuggestion(2), .pickSuggestion(3)])
    }

    @Test func ctrlDigitsPickSuggestionsInXtermAndKittyForms() {
        // xterm modifyOtherKeys: ESC [ 27 ; modifier ; code ~ (5 is Ctrl, 3 Alt).
        #expect(keys("\u{1B}[27;5;49~\u{1B}[27;5;50~\u{1B}[27;3;51~") == [.pickSuggestion(1), .pickSuggestion(2), .pickSuggestion(3)])
        // kitty / CSI-u: ESC [ code ; modifier u, sub-parameters after colons.
        #expect(keys("\u{1B}[49;5u\u{1B}[50;3u\u{1B}[51;5:1u") == [.pickSuggestion(1), .pickSuggestion(2), .pickSuggestion(3)])
    }

    @Test func otherKeysWithSpelledOutModifiers() {
        #expect(keys("\u{1B}[27;5;97~\u{1B}[119;5u\u{1B}[87;5u") == [.control("a"), .control("w"), .control("w")])
        #expect(keys("\u{1B}[13;2u\u{1B}[9;5u\u{1B}[127;3u\u{1B}[27u") == [.enter, .tab, .backspace, .escape])
        #expect(keys("\u{1B}[98;3u\u{1B}[233u\u{1B}[27;2;65~") == [.alt("b"), .character("é"), .character("A")])
        // Ctrl with a non-letter, kitty's private-use function keys, and controls: no keys.
        #expect(keys("\u{1B}[44;5u\u{1B}[57399u\u{1B}[1u\u{1B}[27;1;155~") == [])
    }

    @Test func unknownEscapeSequencesAreSwallowedWhole() {
        let sequences = ["\u{1B}[15~",        // F5
                         "\u{1B}[5~",         // Page Up
                         "\u{1B}OP",          // F1
                         "\u{1B}[[A",         // F1 on the Linux console
                         "\u{1B}[?1;2c",      // a device attributes report
                         "\u{1B}[I",          // focus in
                         "\u{1B}[<0;12;5M",   // a mouse report
                         "\u{1B}[200~",       // bracketed paste start
                         "\u{1B}[2 q",        // intermediate byte
                         "\u{1B}[" + String(repeating: "1;", count: 500) + "~"]   // too long to keep
        for sequence in sequences {
            #expect(keys(sequence + "x") == [.character("x")], "\(Array(sequence.utf8).prefix(12))")
        }
    }

    @Test func aControlByteInsideASequenceEndsIt() {
        #expect(keys("\u{1B}[1\r") == [.enter])
        #expect(keys("\u{1B}O\t") == [.tab])
    }

    @Test func aLoneEscapeWaitsThenFlushesAsTheEscapeKey() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.isAwaitingEscapeSequence)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isAwaitingEscapeSequence)
        #expect(decoder.decode(Array("a".utf8)) == [.character("a")])
        // An unfinished sequence flushes to nothing.
        #expect(decoder.decode(Array("\u{1B}[1;".utf8)) == [])
        #expect(decoder.flush() == [])
        // ESC ESC: the first is the Escape key, the second waits.
        #expect(decoder.decode([0x1B, 0x1B]) == [.escape])
        #expect(decoder.isAwaitingEscapeSequence)
        // ESC then a control byte: Escape, then that byte's key.
        #expect(keys([0x1B, 0x7F]) == [.escape, .backspace])
    }

    @Test func sequencesAndCharactersSplitAcrossReadsAreCompleted() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([0x1B]) == [])
        #expect(decoder.decode(Array("[".utf8)) == [])
        #expect(decoder.decode(Array("3".utf8)) == [])
        #expect(decoder.decode(Array("~a".utf8)) == [.delete, .character("a")])
        #expect(decoder.decode([0xC3]) == [])
        #expect(!decoder.isAwaitingEscapeSequence, "a partial character is no escape sequence")
        #expect(decoder.decode([0xA9]) == [.character("é")])
        #expect(decoder.decode([0xE2, 0x82]) == [])
        #expect(decoder.decode([0xAC]) == [.character("€")])
        var whale: [Key] = []
        for byte in "🐳".utf8 { whale += decoder.decode([byte]) }
        #expect(whale == [.character("🐳")])
        #expect(decoder.decode([0x1B, 0xC3]) == [])
        #expect(decoder.isAwaitingEscapeSequence)
        #expect(decoder.decode([0xA9]) == [.alt("é")])
    }

    @Test func invalidBytesAreDroppedAndTheTextAroundThemKept() {
        let garbage: [UInt8] = [0x61, 0xFF, 0x62, 0xC0, 0xAF, 0x63, 0x80, 0xBF, 0x64,
                                0xE2, 0x28, 0xA1,                   // a lead byte cut off by "("
                                0xED, 0xA0, 0x80,                   // a surrogate
                                0xF4, 0x90, 0x80, 0x80,             // above U+10FFFF
                                0xE0, 0x80, 0xAF,                   // overlong
                                0xC2, 0x85,                         // U+0085, a C1 control
                                0xF0, 0x9F, 0x90, 0x65]             // cut short by "e"
        #expect(keys(garbage) == ["a", "b", "c", "d", "(", "e"].map { .character($0) })
    }

    @Test func randomBytesNeverTrapAndGiveOnlyPrintableText() {
        // Half the bytes from the ones sequences and UTF-8 are made of, to reach every state.
        let alphabet: [UInt8] = [0x1B, 0x5B, 0x4F, 0x3B, 0x3A, 0x7E, 0x75, 0x31, 0x32, 0x37, 0x35, 0x0D, 0x0A,
                                 0xC3, 0xE2, 0xF0, 0x9F, 0x80, 0xA9]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var decoder = KeyDecoder()
        var count = 0
        for _ in 0..<3_000 {
            let bytes = (0..<Int(random() % 17)).map { _ -> UInt8 in
                let value = random()
                return value & 1 == 0 ? alphabet[Int(value >> 1) % alphabet.count] : UInt8(truncatingIfNeeded: value >> 8)
            }
            for key in decoder.decode(bytes) + (random() % 8 == 0 ? decoder.flush() : []) {
                count += 1
                if case let .character(character) = key {
                    #expect(character.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
                }
            }
        }
        #expect(count > 1_000)
    }
}
