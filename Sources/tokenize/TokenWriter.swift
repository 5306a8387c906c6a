import Tokenization

/// Renders the tokens of a block in one of the output formats, as UTF-8 bytes. Offsets count from
/// the start of the input, across blocks: `start`/`end` in Unicode scalars, `byte_start`/`byte_end`
/// in UTF-8 bytes.
struct TokenWriter {
    let format: Tokenize.Format
    let normalize: NormalizationForm?
    let caseFold: Bool
    private var scalarsBefore = 0   // scalars in the blocks already rendered
    /// Each kind's name as bytes, indexed by raw value.
    private static let kindNames = TokenKind.allCases.map { Array($0.description.utf8) }

    init(format: Tokenize.Format, normalize: NormalizationForm?, caseFold: Bool) {
        self.format = format
        self.normalize = normalize
        self.caseFold = caseFold
    }

    mutating func render(_ block: TextBlock, into out: inout [UInt8]) {
        var offsets = TextOffsets(block.text)
        for token in block.tokens {
            let text = display(block.text[token.range])
            switch format {
            case .text:
                appendEscaped(text, to: &out, tsv: false)
                out.append(0x0A)
            case .tsv:
                let bytes = token.utf8Range(in: block.text)
                appendEscaped(text, to: &out, tsv: true)
                out.append(0x09)
                out.append(contentsOf: Self.kindNames[Int(token.kind.rawValue)])
                out.append(0x09)
                appendDecimal(block.byteOffset + bytes.lowerBound, to: &out)
                out.append(0x09)
                appendDecimal(block.byteOffset + bytes.upperBound, to: &out)
                out.append(0x0A)
            case .jsonl:
                let bytes = token.utf8Range(in: block.text)
                let start = scalarsBefore + offsets.scalarOffset(of: token.range.lowerBound)
                let end = scalarsBefore + offsets.scalarOffset(of: token.range.upperBound)
                out.append(contentsOf: #"{"text":"#.utf8)
                appendJSONString(text, to: &out)
                out.append(contentsOf: #","kind":""#.utf8)
                out.append(contentsOf: Self.kindNames[Int(token.kind.rawValue)])
                out.append(contentsOf: #"","start":"#.utf8)
                appendDecimal(start, to: &out)
                out.append(contentsOf: #","end":"#.utf8)
                appendDecimal(end, to: &out)
                out.append(contentsOf: #","byte_start":"#.utf8)
                appendDecimal(block.byteOffset + bytes.lowerBound, to: &out)
                out.append(contentsOf: #","byte_end":"#.utf8)
                appendDecimal(block.byteOffset + bytes.upperBound, to: &out)
                out.append(contentsOf: (token.hasTrailingWhitespace ? #","space_after":true}"# : #","space_after":false}"#).utf8)
                out.append(0x0A)
            }
        }
        scalarsBefore += offsets.scalarOffset(of: block.text.endIndex)
    }

    private func display(_ text: Substring) -> Substring {
        guard normalize != nil || caseFold else { return text }
        var result = String(text)
        if let normalize { result = TextNormalization.normalize(result, to: normalize) }
        if caseFold { result = TextNormalization.caseFold(result) }
        return Substring(result)
    }

    /// Appends `text` with line feeds escaped (and, for TSV, tabs, carriage returns and backslashes).
    private func appendEscaped(_ text: Substring, to out: inout [UInt8], tsv: Bool) {
        for byte in text.utf8 {
            switch byte {
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x09 where tsv: out.append(contentsOf: #"\t"#.utf8)
            case 0x0D where tsv: out.append(contentsOf: #"\r"#.utf8)
            case 0x5C where tsv: out.append(contentsOf: #"\\"#.utf8)
            default: out.append(byte)
            }
        }
    }
}

/// Appends the decimal digits of `value` (no allocation).
func appendDecimal(_ value: Int, to out: inout [UInt8]) {
    if value < 0 {
        out.append(0x2D)
        appendDecimal(-value, to: &out)
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[19 - count] = UInt8(0x30 + rest % 10)
            rest /= 10
            count += 1
        } while rest > 0
        out.append(contentsOf: buffer[(20 - count)...])
    }
}

/// Appends `text` as a JSON string literal (RFC 8259 escapes; non-ASCII stays UTF-8).
func appendJSONString(_ text: Substring, to out: inout [UInt8]) {
    out.append(0x22)
    for byte in text.utf8 {
        switch byte {
        case 0x22: out.append(contentsOf: #"\""#.utf8)
        case 0x5C: out.append(contentsOf: #"\\"#.utf8)
        case 0x0A: out.append(contentsOf: #"\n"#.utf8)
        case 0x0D: out.append(contentsOf: #"\r"#.utf8)
        case 0x09: out.append(contentsOf: #"\t"#.utf8)
        case ..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: #"\u00"#.utf8)
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }
    out.append(0x22)
}
