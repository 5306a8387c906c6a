import Foundation
import Testing
import _ICUShims
import _TestSupport

/// The word loop skips ubrk_getRuleStatus for segments that start with ASCII whitespace (always
/// status none). ICU itself confirms it on real and hostile text.
@Suite struct RuleStatusShortcutTests {
    static func violations(_ text: String, locale: String = "en") -> Int64 {
        var text = text
        return text.withUTF8 { quill_word_status_shortcut_violations(locale, $0.baseAddress, Int64($0.count)) }
    }

    @Test func asciiWhitespaceNeedsNoRuleStatusOnHostileText() {
        var text = NaughtyStringTests.strings.joined(separator: "\n")
        // Every ASCII character before and after letters, digits, marks and the MidLetter family.
        for code in 0x20..<0x7F {
            let c = Character(Unicode.Scalar(UInt8(code)))
            text += " a\(c)b \(c)x 1\(c)2 \(c)é x\(c)\u{301} \(c)\(c)a @\(c)a _\(c)a a'\(c) a.\(c)\n"
            text += " \u{301}\(c) \t\u{200D}\(c) \u{200B} \(c)\u{FE0F} \u{3000}\(c) \r\n\(c)\n"
        }
        for locale in ["en", "root", "sv", "ja", "th"] {
            #expect(Self.violations(text, locale: locale) == 0, "\(locale)")
        }
    }

    @Test(.enabled(if: SharedData.corpus("ud-english-ewt/en_ewt-ud-train.conllu") != nil, "needs ../shared/corpora"))
    func asciiWhitespaceNeedsNoRuleStatusOnTheCorpora() throws {
        for path in ["tinyshakespeare/input.txt", "ud-english-ewt/en_ewt-ud-train.conllu", "wnut17/wnut17train.conll"] {
            guard let url = SharedData.corpus(path) else { continue }
            #expect(Self.violations(try String(contentsOf: url, encoding: .utf8)) == 0, "\(path)")
        }
    }
}
