import Testing
import Tokenization

@Suite struct TokenizerTests {
    @Test func wordTokensCarryKindsFromRuleStatusAndCharacters() throws {
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        let text = "Don't panic: 42 🐳! ©️ © 1️⃣ 👩‍👩‍👧 🇫🇷 $5 \u{1}"
        let tokens = tokenizer.tokens(in: text)
        let pairs = tokens.map { "\(text[$0.range])/\($0.kind)" }
        #expect(pairs == [
            "Don't/word", "panic/word", ":/punctuation", "42/number", "🐳/emoji", "!/punctuation",
            "©️/emoji", "©/symbol", "1️⃣/emoji", "👩‍👩‍👧/emoji", "🇫🇷/emoji", "$/symbol", "5/number",
            "\u{1}/other",
        ])
    }

    @Test func whitespaceIsATokenUnlessOmittedAndAlwaysTrails() throws {
        let text = "Hello,  world\n"
        let kept = try Tokenizer(unit: .word).tokens(in: text)
        #expect(Rebuild.texts(kept, of: text) == ["Hello", ",", "  ", "world", "\n"])
        #expect(kept.map(\.kind) == [.word, .punctuation, .whitespace, .word, .whitespace])
        #expect(kept.map(\.hasTrailingWhitespace) == [false, true, false, true, false])
        #expect(String(text[kept[1].trailingWhitespace]) == "  ")

        let omitted = try Tokenizer(unit: .word, options: .omitWhitespace).tokens(in: text)
        #expect(Rebuild.texts(omitted, of: text) == ["Hello", ",", "world"])
        #expect(String(text[omitted[2].trailingWhitespace]) == "\n")
        #expect(Rebuild.withTrailingWhitespace(omitted, of: text) == text)
    }

    @Test func trailingWhitespaceSpansConsecutiveWhitespaceSegments() throws {
        let text = "a \n\t b"
        let tokens = try Tokenizer(unit: .word, options: .omitWhitespace).tokens(in: text)
        #expect(String(text[tokens[0].trailingWhitespace]) == " \n\t ")
    }

    @Test func omitPunctuationDropsPunctuationOnly() throws {
        let text = "Well... it's 3.5 km—really?!"
        let tokens = try Tokenizer(unit: .word, options: [.omitWhitespace, .omitPunctuation]).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["Well", "it's", "3.5", "km", "really"])
    }

    @Test func sentencesSplitOffTheirTrailingSpaces() throws {
        let text = "Hello there.  How are you? Fine.\nNext line"
        let tokens = try Tokenizer(unit: .sentence).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["Hello there.", "  ", "How are you?", " ", "Fine.", "\n", "Next line"])
        #expect(Rebuild.concatenating(tokens, of: text) == text)
        let sentences = try Tokenizer(unit: .sentence, options: .omitWhitespace).tokens(in: text)
        #expect(sentences.count == 4)
        #expect(String(text[sentences[0].trailingWhitespace]) == "  ")
    }

    @Test func sentencesDoNotEndAtKnownAbbreviations() throws {
        let text = "Mr. Smith and Mrs. Jones met e.g. at the U.S. embassy. Fine."
        let sentences = try Tokenizer(unit: .sentence, options: .omitWhitespace).tokens(in: text)
        #expect(Rebuild.texts(sentences, of: text) == ["Mr. Smith and Mrs. Jones met e.g. at the U.S. embassy.", "Fine."])
        let plain = try Tokenizer(unit: .sentence, locale: "en@ss=none", options: .omitWhitespace).tokens(in: text)
        #expect(plain.count > 2)
    }

    @Test func linePiecesAreWrapOpportunities() throws {
        let text = "A well-known line."
        let tokens = try Tokenizer(unit: .line, options: .omitWhitespace).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["A", "well-", "known", "line."])
    }

    @Test func graphemesKeepClustersWhole() throws {
        let text = "e\u{301}👍🏽🇯🇵\r\nก่"
        let tokens = try Tokenizer(unit: .grapheme).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["e\u{301}", "👍🏽", "🇯🇵", "\r\n", "ก่"])
        #expect(tokens.map(\.kind) == [.word, .emoji, .emoji, .whitespace, .word])
        #expect(tokens.count == text.count)   // agrees with Swift's Character
    }

    @Test func chineseJapaneseAndThaiWordsComeFromDictionaries() throws {
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        let chinese = "我们今天去北京"
        #expect(Rebuild.texts(tokenizer.tokens(in: chinese), of: chinese) == ["我们", "今天", "去", "北京"])
        let japanese = "東京は晴れ"
        #expect(Rebuild.texts(tokenizer.tokens(in: japanese), of: japanese) == ["東京", "は", "晴れ"])
        let thai = "ภาษาไทยง่ายนิดเดียว"
        #expect(Rebuild.texts(tokenizer.tokens(in: thai), of: thai) == ["ภาษา", "ไทย", "ง่าย", "นิด", "เดียว"])
    }

    @Test func emptyTextGivesNoTokens() throws {
        for unit in TokenUnit.allCases {
            let tokenizer = try Tokenizer(unit: unit)
            #expect(tokenizer.tokens(in: "").isEmpty)
            #expect(tokenizer.boundaries(in: "") == ["".startIndex])
        }
    }

    @Test func leadingWhitespaceIsKeptForRebuilding() throws {
        let text = "  \n indented"
        let tokens = try Tokenizer(unit: .word, options: .omitWhitespace).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["indented"])
        #expect(Rebuild.withTrailingWhitespace(tokens, of: text) == text)
    }

    @Test func aTokenizerIsReusableAcrossTexts() throws {
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        let first = "one two", second = "three"
        #expect(Rebuild.texts(tokenizer.tokens(in: first), of: first) == ["one", "two"])
        #expect(Rebuild.texts(tokenizer.tokens(in: second), of: second) == ["three"])
        #expect(Rebuild.texts(tokenizer.tokens(in: first), of: first) == ["one", "two"])
    }

    @Test func anUnknownLocaleFallsBackToTheRootRules() throws {
        let text = "plain words"
        let tokens = try Tokenizer(unit: .word, locale: "xx-Invalid_Locale", options: .omitWhitespace).tokens(in: text)
        #expect(Rebuild.texts(tokens, of: text) == ["plain", "words"])
    }

    @Test func reportsTheICUAndUnicodeVersions() {
        #expect(Tokenizer.versions.icu.hasPrefix("7"))
        #expect(Tokenizer.versions.unicode == "15.0")
    }
}
