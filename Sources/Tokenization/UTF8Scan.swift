/// Byte-level scans over UTF-8 buffers: validation (with the position of the first bad sequence),
/// line feeds and scalar boundaries.
enum UTF8Scan {
    /// The outcome of validating a buffer.
    enum Validation: Equatable {
        case valid
        /// The sequence of `length` bytes at `offset` is not UTF-8 (its maximal subpart, as Unicode's
        /// "U+FFFD substitution of maximal subparts" counts it: one U+FFFD replaces it).
        case invalid(offset: Int, length: Int)
        /// Everything is valid except that the buffer ends inside a sequence that starts at `offset`
        /// and could still be completed by the bytes that follow.
        case truncated(offset: Int)
    }

    /// Validates `bytes[range]` against the well-formed byte sequences of Unicode's Table 3-7.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Validation {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            // ASCII runs, eight bytes at a time.
            while i + 8 <= end {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < end else { break }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // the range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid(offset: i, length: 1)
            }
            for k in 1..<length {
                if i + k >= end { return .truncated(offset: i) }
                let byte = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                if byte < lo || byte > hi { return .invalid(offset: i, length: k) }
            }
            i += length
        }
        return .valid
    }

    /// The number of U+FFFD replacements lenient decoding makes in `bytes[range]`, and the offset
    /// of the first bad sequence. A truncated sequence at the end counts as one.
    static func invalidSequences(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> (count: Int, first: Int?) {
        var count = 0
        var first: Int?
        var start = range.lowerBound
        while start < range.upperBound {
            switch validate(bytes, range: start..<range.upperBound) {
            case .valid:
                return (count, first)
            case let .invalid(offset, length):
                count += 1
                first = first ?? offset
                start = offset + length
            case let .truncated(offset):
                return (count + 1, first ?? offset)
            }
        }
        return (count, first)
    }

    /// The offset of the last line feed in `bytes[range]`.
    static func lastLineFeed(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int? {
        var i = range.upperBound
        while i > range.lowerBound {
            i -= 1
            if bytes[i] == 0x0A { return i }
        }
        return nil
    }

    /// The number of line feeds in `bytes[range]`.
    static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var count = 0
        for i in range where bytes[i] == 0x0A { count += 1 }
        return count
    }

    /// Where the last scalar of `bytes` starts: the lead byte of the last sequence (whole or still
    /// incomplete), or the last byte itself when it is a continuation byte no lead within reach
    /// covers (a stray byte, replaced on its own). Cutting there never splits a sequence, valid or
    /// not, so lenient decoding of the two sides equals decoding the whole.
    static func lastScalarStart(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        var start = count
        while start > 0 && count - start < 4 {
            start -= 1
            let byte = bytes[start]
            if byte & 0xC0 == 0x80 { continue }   // continuation: keep looking for the lead
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            return start + length >= count ? start : count - 1
        }
        return max(count - 1, 0)
    }

    /// The largest offset at or before `offset` that does not fall inside a multi-byte sequence.
    static func scalarBoundary(in bytes: UnsafeBufferPointer<UInt8>, atOrBefore offset: Int) -> Int {
        var i = offset
        while i > 0 && i < bytes.count && bytes[i] & 0xC0 == 0x80 && offset - i < 3 { i -= 1 }
        return i
    }
}
