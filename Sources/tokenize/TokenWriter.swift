import Foundation
import Tokenization

/// Renders the tokens of a block in one of the output formats. Offsets count from the start of
/// the input, across blocks: `start`/`end` in Unicode scalars, `byte_start`/`byte_end` in UTF-8
/// bytes.
struct TokenWriter {
    let format: Tokenize.Format
    let file: String
    let normalize: NormalizationForm?
    let caseFold: Bool
    private var scalarsBefore = 0   // scalars in the blocks already rendered

    init(format: Tokenize.Format, file: String, normalize: NormalizationForm?, caseFold: Bool) {
        self.format = format
        self.file = file
        self.normalize = normalize
        self.caseFold = caseFold
    }

    mutating func render(_ block: TextBlock) -> String {
        var out = ""
        var offsets = TextOffsets(block.text)
        for token in block.tokens {
            let text = display(block.text[token.range])
            switch format {
            case .text:
                out += text.replacingOccurrences(of: "\n", with: "\\n") + "\n"
            case .tsv:
                let bytes = token.utf8Range(in: block.text)
                out += "\(escapeTSV(text))\t\(token.kind)\t\(block.byteOffset + bytes.lowerBound)\t\(block.byteOffset + bytes.upperBound)\n"
            case .jsonl:
                let bytes = token.utf8Range(in: block.text)
                let start = scalarsBefore + offsets.scalarOffset(of: token.range.lowerBound)
                let end = scalarsBefore + offsets.scalarOffset(of: token.range.upperBound)
                out += "{\"text\":\(jsonString(text)),\"kind\":\"\(token.kind)\",\"start\":\(start),\"end\":\(end),"
                    + "\"byte_start\":\(block.byteOffset + bytes.lowerBound),\"byte_end\":\(block.byteOffset + bytes.upperBound),"
                    + "\"space_after\":\(token.hasTrailingWhitespace)}\n"
            }
        }
        scalarsBefore += block.text.unicodeScalars.count
        return out
    }

    private func display(_ text: Substring) -> String {
        var result = String(text)
        if let normalize { result = TextNormalization.normalize(result, to: normalize) }
        if caseFold { result = TextNormalization.caseFold(result) }
        return result
    }

    private func escapeTSV(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}

/// A JSON string literal for `text` (RFC 8259 escapes; non-ASCII stays as UTF-8).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
