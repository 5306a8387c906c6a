import Foundation
import Testing
import Tokenization
import _TestSupport

/// The Unicode 15.0 break conformance files (Debian's `unicode-data`): every case must pass.
@Suite struct UnicodeBreakConformanceTests {
    /// One line of a *BreakTest.txt file: the code points and the expected boundaries, as scalar offsets.
    struct Case {
        let line: Int
        let scalars: [Unicode.Scalar]
        let boundaries: [Int]
    }

    static func cases(_ file: String) throws -> [Case] {
        let url = try #require(SharedData.unicodeData("auxiliary/\(file)"),
                               "/usr/share/unicode/auxiliary/\(file) is missing: make test installs unicode-data")
        var cases: [Case] = []
        for (number, line) in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            var scalars: [Unicode.Scalar] = []
            var boundaries: [Int] = []
            for field in content.split(separator: " ") {
                switch field {
                case "÷": boundaries.append(scalars.count)
                case "×": break
                default: scalars.append(Unicode.Scalar(UInt32(field, radix: 16)!)!)
                }
            }
            cases.append(Case(line: number + 1, scalars: scalars, boundaries: boundaries))
        }
        return cases
    }

    /// Runs every case through `unit` with the root rules and returns the failures.
    static func failures(_ file: String, unit: TokenUnit, locale: String = "root") throws -> (total: Int, failed: [Case]) {
        let tokenizer = try Tokenizer(unit: unit, locale: locale)
        let cases = try cases(file)
        var failed: [Case] = []
        for testCase in cases {
            var text = ""
            text.unicodeScalars.append(contentsOf: testCase.scalars)
            let boundaries = tokenizer.boundaries(in: text).map {
                text.unicodeScalars.distance(from: text.startIndex, to: $0)
            }
            if boundaries != testCase.boundaries { failed.append(testCase) }
        }
        return (cases.count, failed)
    }

    static func describe(_ failed: [Case]) -> String {
        failed.prefix(10).map { "line \($0.line): \($0.scalars.map { String($0.value, radix: 16) })" }.joined(separator: "\n")
    }

    @Test func everyGraphemeBreakCasePasses() throws {
        let (total, failed) = try Self.failures("GraphemeBreakTest.txt", unit: .grapheme)
        #expect(total == 602)
        #expect(failed.isEmpty, "\(failed.count) of \(total) failed:\n\(Self.describe(failed))")
    }

    /// ICU's Swedish and Finnish word rules are UAX #29 untailored: every case passes.
    @Test func everyWordBreakCasePassesWithUntailoredRules() throws {
        let (total, failed) = try Self.failures("WordBreakTest.txt", unit: .word, locale: "sv")
        #expect(total == 1823)
        #expect(failed.isEmpty, "\(failed.count) of \(total) failed:\n\(Self.describe(failed))")
    }

    /// The root and English rules carry CLDR's one tailoring of UAX #29: a colon does not join
    /// letters ("note:this" is two words). That is the only difference from the test file.
    @Test func rootWordRulesDifferOnlyByBreakingAtColons() throws {
        for locale in ["root", "en"] {
            let (_, failed) = try Self.failures("WordBreakTest.txt", unit: .word, locale: locale)
            #expect(failed.count == 15)
            let colons: Set<Unicode.Scalar> = [":", "\u{FE55}", "\u{FF1A}"]
            #expect(failed.allSatisfy { $0.scalars.contains(where: colons.contains) }, "\(Self.describe(failed))")
        }
        let tokenizer = try Tokenizer(unit: .word, locale: "en", options: .omitWhitespace)
        let text = "note:this"
        #expect(tokenizer.tokens(in: text).map { String(text[$0.range]) } == ["note", ":", "this"])
    }

    @Test func everySentenceBreakCasePasses() throws {
        let (total, failed) = try Self.failures("SentenceBreakTest.txt", unit: .sentence)
        #expect(total == 502)
        #expect(failed.isEmpty, "\(failed.count) of \(total) failed:\n\(Self.describe(failed))")
    }
}
