import Foundation
import Testing
import Tokenization
import _TestSupport

@Suite struct NormalizationTests {
    static func string(_ field: Substring) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: field.split(separator: " ").map { Unicode.Scalar(UInt32($0, radix: 16)!)! })
        return text
    }

    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// NormalizationTest.txt (Unicode 15.0, compressed in unicode-data): for every line
    /// c1;c2;c3;c4;c5, NFC(c1..c3) = c2, NFC(c4..c5) = c4, NFD(c1..c3) = c3, NFD(c4..c5) = c5,
    /// NFKC(any) = c4, NFKD(any) = c5 — compared scalar by scalar, not with Swift's ==.
    @Test(.enabled(if: SharedData.unicodeData("NormalizationTest.txt.bz2") != nil, "needs unicode-data"))
    func everyNormalizationTestCasePasses() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bzcat")
        process.arguments = [SharedData.unicodeData("NormalizationTest.txt.bz2")!.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var cases = 0, failures: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("#") || line.hasPrefix("@") { continue }
            let c = line.split(separator: ";", omittingEmptySubsequences: false).prefix(5).map(Self.string)
            let expectations: [(NormalizationForm, [String], String)] = [
                (.nfc, [c[0], c[1], c[2]], c[1]), (.nfc, [c[3], c[4]], c[3]),
                (.nfd, [c[0], c[1], c[2]], c[2]), (.nfd, [c[3], c[4]], c[4]),
                (.nfkc, c, c[3]), (.nfkd, c, c[4]),
            ]
            for (form, sources, expected) in expectations {
                for source in sources where Self.scalars(TextNormalization.normalize(source, to: form)) != Self.scalars(expected) {
                    failures.append("\(form)(\(Self.scalars(source))) in: \(line)")
                }
            }
            #expect(TextNormalization.isNormalized(c[1], .nfc))
            cases += 1
        }
        #expect(cases > 19_000)
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(5))")
    }

    @Test func normalizationChangesScalarsNotMeaning() {
        let decomposed = "Cafe\u{301}"
        let composed = TextNormalization.normalize(decomposed, to: .nfc)
        #expect(composed.unicodeScalars.count == 4)
        #expect(TextNormalization.normalize(composed, to: .nfd).unicodeScalars.count == 5)
        #expect(TextNormalization.normalize("ﬁ①Ａ", to: .nfkc) == "fi1A")
        #expect(TextNormalization.normalize("plain ascii", to: .nfd) == "plain ascii")
        #expect(TextNormalization.normalize("", to: .nfc) == "")
        #expect(!TextNormalization.isNormalized(decomposed, .nfc))
    }

    @Test func longExpansionsFitTheGrownBuffer() {
        // U+FDFA decomposes to 18 scalars under NFKD.
        let text = String(repeating: "\u{FDFA}", count: 50)
        #expect(TextNormalization.normalize(text, to: .nfkd).unicodeScalars.count == 18 * 50)
    }

    /// CaseFolding.txt: statuses C and F (full folding) for every mapped code point.
    @Test(.enabled(if: SharedData.unicodeData("CaseFolding.txt") != nil, "needs unicode-data"))
    func caseFoldingFollowsCaseFoldingTxt() throws {
        let text = try String(contentsOf: SharedData.unicodeData("CaseFolding.txt")!, encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, fields[1] == "C" || fields[1] == "F" else { continue }
            let source = Self.string(Substring(fields[0])), expected = Self.string(Substring(fields[2]))
            #expect(Self.scalars(TextNormalization.caseFold(source)) == Self.scalars(expected), "\(fields[0])")
            checked += 1
        }
        #expect(checked > 1_400)
        #expect(TextNormalization.caseFold("Straße STRASSE") == "strasse strasse")
        #expect(TextNormalization.caseFold("Hello, World") == "hello, world")
    }
}
